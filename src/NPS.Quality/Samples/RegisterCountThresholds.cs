using Marten;
using NPS.Quality.Referentials;

namespace NPS.Quality.Samples;

/// <summary>Count the samples against a newly published referential version's thresholds (<see cref="DelaySampleCounts"/>).</summary>
public sealed record RegisterCountThresholds(string Referential, string Version);

public static class RegisterCountThresholdsHandler
{
    /// <summary>
    /// After the publication commits. Until it has run, the views that need those thresholds read the samples themselves;
    /// start-up registers every published version again, so a message lost with its node is made up for.
    /// </summary>
    public static async Task Handle(RegisterCountThresholds message, IDocumentStore store, ReferentialCatalog catalog, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        if (await catalog.FindAsync(query, message.Referential, message.Version, ct) is { } definition)
            await DelaySampleCounts.EnsureThresholdsAsync(store, [definition], ct);
    }
}
