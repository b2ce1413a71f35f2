using GapTools.LocalAws.Redshift.Wire;

namespace GapTools.LocalAws.Tests.Redshift.Wire;

public sealed class CopyFromS3DetectorTests
{
    [Theory]
    [InlineData("COPY t FROM 's3://bucket/key' IAM_ROLE 'arn:aws:iam::1:role/r' CSV")]
    [InlineData("copy public.t from 'S3://bucket/prefix/'")]
    [InlineData("  /* load */ COPY \"my schema\".\"ta\"\"ble\" (a, \"b c\") FROM 's3://b/k' JSON 'auto';")]
    [InlineData("-- comment\nCOPY t(a,b)\nFROM\n's3://b/k'")]
    [InlineData("COPY t FROM E's3://b/k'")]
    public void Recognises_copy_from_s3(string sql) => Assert.True(CopyFromS3Detector.IsCopyFromS3(sql));

    [Theory]
    [InlineData("COPY t FROM STDIN")]
    [InlineData("COPY t (a) FROM STDIN (FORMAT BINARY)")]
    [InlineData("COPY t FROM '/tmp/file.csv'")]
    [InlineData("COPY t TO 's3://b/k'")]
    [InlineData("COPY (SELECT 1) TO STDOUT")]
    [InlineData("SELECT 'COPY t FROM ''s3://b/k'''")]
    [InlineData("INSERT INTO copy_log VALUES ('s3://b/k')")]
    [InlineData("COPYX t FROM 's3://b/k'")]
    [InlineData("")]
    public void Ignores_everything_else(string sql) => Assert.False(CopyFromS3Detector.IsCopyFromS3(sql));
}
