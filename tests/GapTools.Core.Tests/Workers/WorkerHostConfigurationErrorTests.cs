using GapTools.Core.Workers;

namespace GapTools.Core.Tests.Workers;

public sealed class WorkerHostConfigurationErrorTests
{
    [Fact]
    public void A_value_the_binder_cannot_convert_is_named_by_key_without_the_value()
    {
        var error = new InvalidOperationException(
            "Failed to convert configuration value 's3cr3t' at 'Tool:Port' to type 'System.Int32'.", new FormatException());

        Assert.Equal("the value of Tool:Port is not a valid System.Int32.", WorkerHost.UnconvertibleValue(error));
    }

    [Fact]
    public void Other_errors_are_not_taken_for_configuration_errors()
    {
        Assert.Null(WorkerHost.UnconvertibleValue(new InvalidOperationException("Sqs:Queue is not set")));
    }
}
