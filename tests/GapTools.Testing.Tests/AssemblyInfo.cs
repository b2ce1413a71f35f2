using GapTools.Testing;

[assembly: AssemblyFixture(typeof(PostgresFixture))]
