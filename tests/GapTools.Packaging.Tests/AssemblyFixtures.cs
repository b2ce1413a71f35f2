using GapTools.Packaging.Tests.Support;
using GapTools.Testing;

// The libraries are packed once per run, whichever tests run; one throwaway PostgreSQL cluster behind the Redshift
// stand-in (each test creates its own database).
[assembly: AssemblyFixture(typeof(PackedFeed))]
[assembly: AssemblyFixture(typeof(PostgresFixture))]
