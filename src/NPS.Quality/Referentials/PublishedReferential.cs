using System.Security.Cryptography;
using System.Text;
using Marten;

namespace NPS.Quality.Referentials;

/// <summary>A referential version was published. It is never changed afterwards.</summary>
public sealed record ReferentialPublished(ReferentialDefinition Definition, string Sha256, string Yaml, DateTimeOffset PublishedAt);

/// <summary>
/// A published referential version: a one-event stream keyed <c>referential:&lt;id&gt;:&lt;version&gt;</c>, so the
/// store itself refuses a second publication of the same id and version.
/// </summary>
public sealed class PublishedReferential
{
    public string Id { get; set; } = "";
    public int Version { get; set; }
    public required ReferentialDefinition Definition { get; set; }
    public string Sha256 { get; set; } = "";
    public string Yaml { get; set; } = "";
    public DateTimeOffset PublishedAt { get; set; }

    public static PublishedReferential Create(ReferentialPublished e) => new()
    {
        Definition = e.Definition,
        Sha256 = e.Sha256,
        Yaml = e.Yaml,
        PublishedAt = e.PublishedAt,
    };

    public static string StreamKey(string id, string version) => $"referential:{id}:{version}";
}

public enum PublishOutcome
{
    Published,
    Unchanged,
    Conflict,
}

public static class ReferentialPublishing
{
    /// <summary>Line endings do not change a referential's identity; everything else does.</summary>
    public static string Hash(string yaml)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml.Replace("\r\n", "\n"))));

    /// <summary>Idempotent publication: same content is a no-op, other content under the same version is a conflict.</summary>
    public static async Task<PublishOutcome> PublishAsync(IDocumentSession session, ReferentialDefinition definition, string yaml,
        DateTimeOffset now, CancellationToken ct)
    {
        var key = PublishedReferential.StreamKey(definition.Id, definition.Version);
        var sha = Hash(yaml);
        var existing = await session.LoadAsync<PublishedReferential>(key, ct);
        if (existing is not null) return existing.Sha256 == sha ? PublishOutcome.Unchanged : PublishOutcome.Conflict;

        session.Events.StartStream<PublishedReferential>(key, new ReferentialPublished(definition, sha, yaml, now));
        return PublishOutcome.Published;
    }
}
