using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace GapTools.Workers.Configuration;

/// <summary>
/// Fails the options bound from <paramref name="section"/> when the section holds a key the tool does not read, one
/// failure per key with the nearest known one (<see cref="KnownConfigurationKeys.FindUnknown"/>). Registered by a
/// tool's <c>Add…(configuration)</c>, so an application's host refuses the typo at start as the command line does.
/// </summary>
/// <typeparam name="TOptions">The tool's options.</typeparam>
/// <param name="section">The tool's configuration section.</param>
/// <param name="known">The keys the tool reads.</param>
public sealed class UnknownKeysValidator<TOptions>(IConfigurationSection section, KnownConfigurationKeys known) : IValidateOptions<TOptions>
    where TOptions : class
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (name != Options.DefaultName)
        {
            return ValidateOptionsResult.Skip;
        }

        var unknown = known.FindUnknown(section).ToList();
        return unknown.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(unknown);
    }
}
