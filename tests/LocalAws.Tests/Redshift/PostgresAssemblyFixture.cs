using GapTools.Testing;

// One throwaway PostgreSQL cluster for the whole assembly; each test creates its own database.
[assembly: AssemblyFixture(typeof(PostgresFixture))]
