namespace GapTools.Workers.Sqs;

/// <summary>A settled message waiting for its batch call: delete (no visibility) or change visibility.</summary>
internal readonly record struct Acknowledgement(InFlightMessage Message, TimeSpan? Visibility);
