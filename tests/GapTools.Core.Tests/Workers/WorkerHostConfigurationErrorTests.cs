using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using GapTools.Cli;

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

public sealed class WorkerHostConventionTests
{
    [Fact]
    public void The_logging_section_sets_levels_like_any_generic_host()
    {
        var builder = WorkerHost.CreateBuilder(new WorkerInvocation(), new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" }, "Tool");
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>().CreateLogger("GapTools.Anything");

        Assert.False(logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Information));
        Assert.True(logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Warning));
    }

    [Fact]
    public void Batch_and_max_execution_time_become_keys_of_the_tools_consumer()
    {
        var builder = WorkerHost.CreateBuilder(new WorkerInvocation { Batch = true, MaxExecutionTime = TimeSpan.FromMinutes(5) }, new Dictionary<string, string?>(), "Tool");

        Assert.Equal("DrainAndExit", builder.Configuration["Tool:Sqs:Consumer:Mode"]);
        Assert.Equal("00:05:00", builder.Configuration["Tool:Sqs:Consumer:MaxExecutionTime"]);
    }

    [Fact]
    public void A_queue_key_of_the_old_layout_is_named_with_its_new_key()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Sqs:Queue"] = "q", ["Sqs:Consumer:WaitTime"] = "00:00:01" })
            .Build();

        Assert.Equal(
            ["Sqs:Queue is not read any more: the queue belongs to the tool's section, Tool:Sqs:Queue.",
             "Sqs:Consumer:WaitTime is not read any more: the queue belongs to the tool's section, Tool:Sqs:Consumer:WaitTime."],
            MovedKeys.Find(configuration, "Tool").Order(StringComparer.Ordinal).Reverse());
    }
}

public sealed class WorkerHostGraceTests
{
    [Theory]
    [InlineData("00:00:05", null, true)]          // default grace 10 s does not fit in 5 s
    [InlineData("00:00:30", null, false)]
    [InlineData("00:00:30", "00:00:29", true)]
    [InlineData("00:00:30", "00:00:20", false)]
    public void A_stop_timeout_shorter_than_the_grace_is_a_configuration_error(string timeout, string? grace, bool refused)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Tool:Sqs:Consumer:ShutdownGrace"] = grace })
            .Build();
        var problem = WorkerHost.GraceProblem(configuration, new Microsoft.Extensions.Hosting.HostOptions { ShutdownTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture) }, "Tool");

        Assert.Equal(refused, problem is not null);
        if (refused)
        {
            Assert.Contains("Worker:ShutdownTimeout", problem, StringComparison.Ordinal);
            Assert.Contains("Tool:Sqs:Consumer:ShutdownGrace", problem, StringComparison.Ordinal);
        }
    }
}
