using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Marten;
using NPS.Quality.Audits;
using NPS.Quality.Compliance;
using NPS.Quality.Referentials;
using NPS.Quality.Sites;
using NPS.Quality.Samples;
using NPS.Quality.Shared;

namespace NPS.Quality.Dossiers;

/// <summary>A sample of the period as it stood at the snapshot instant; <see cref="VoidedAt"/> is null if not voided by then.</summary>
public sealed record SnapshotSample(
    string SampleId, string Indicator, DateTimeOffset Start, DateTimeOffset End, DateOnly SampleDate, decimal Delay, string Unit,
    string Method, string? Comment, DateTimeOffset RecordedAt, string RecordedBy, DateTimeOffset? VoidedAt, string? VoidReason, string? VoidedBy)
{
    [JsonIgnore] public bool Counts => VoidedAt is null;
}

/// <summary>
/// Everything a dossier shows, read as of <see cref="AsOf"/>: the site, the referential version it followed then, every
/// sample of the period recorded by then (with the voids made by then), and the audit as its events stood then.
/// </summary>
public sealed record DossierSnapshot(
    DossierKind Kind,
    string SiteId,
    string SiteName,
    IReadOnlyList<string> Arrondissements,
    ReferentialDefinition Referential,
    DateOnly From,
    DateOnly To,
    DateTimeOffset AsOf,
    Audit? Audit,
    IReadOnlyList<SnapshotSample> Samples,
    int Revision = 1,
    DateTimeOffset? IssuedAt = null)
{
    /// <summary>"QP-PARIS-11-AFNOR-2017-12-R2".</summary>
    public string Reference => Dossier.FullReference(SiteId, Kind, From, To, Revision);

    /// <summary>The issue date: the request's, else the snapshot's.</summary>
    public DateOnly IssuedOn => ParisTime.DateOf(IssuedAt ?? AsOf);

    private static readonly JsonSerializerOptions Canonical = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The compliance figures, computed exactly as <c>GET /api/sites/{siteId}/compliance?from&amp;to&amp;asOf</c> does.</summary>
    public SiteCompliance Compliance(Site site)
    {
        var delays = Samples.Where(s => s.Counts).GroupBy(s => (site.Id, s.Indicator))
            .ToDictionary(g => g.Key, g => g.Select(s => s.Delay).ToList());
        return SiteComplianceReport.Build(site, Referential, new ComplianceQuery(From, To, AsOf, true, null), delays, AsOf);
    }

    /// <summary>SHA-256 of the canonical JSON of everything the dossier is computed from (kind excluded: both kinds share it).</summary>
    public string DataHash()
    {
        var canonical = JsonSerializer.SerializeToUtf8Bytes(new
        {
            SiteId, SiteName, Arrondissements, Referential = new { Referential.Id, Referential.Version }, From, To,
            AsOf = AsOf.ToUniversalTime(), Audit, Samples,
        }, Canonical);
        return Convert.ToHexStringLower(SHA256.HashData(canonical));
    }

    /// <summary>Reads the snapshot of a requested dossier. Throws <see cref="DossierRenderingException"/> on missing data.</summary>
    public static async Task<(DossierSnapshot Snapshot, Site Site)> LoadAsync(IQuerySession session, ReferentialCatalog catalog, Dossier d, CancellationToken ct)
    {
        var site = await session.LoadAsync<Site>(d.SiteId, ct) ?? throw new DossierRenderingException($"Site inconnu : {d.SiteId}.");
        var period = site.ReferentialAt(d.AsOf);
        var referential = await catalog.FindAsync(session, period.Referential, period.Version, ct)
            ?? throw new DossierRenderingException($"Référentiel non publié : {period.Referential} {period.Version}.");

        Audit? audit = null;
        if (d.AuditId is not null)
        {
            audit = await session.Events.AggregateStreamAsync<Audit>(d.AuditId, timestamp: d.AsOf, token: ct)
                ?? throw new DossierRenderingException($"L'audit {d.AuditId} n'existait pas à l'instant d'arrêt des données.");
        }

        var samples = await SamplesAsync(session, d.SiteId, d.From, d.To, d.AsOf, ct);
        return (new DossierSnapshot(d.Kind, site.Id, site.Name, site.Arrondissements, referential, d.From, d.To, d.AsOf, audit, samples,
            d.Revision, d.RequestedAt), site);
    }

    /// <summary>Every sample of the period recorded by <paramref name="asOf"/>, with the voids made by then; date, start, id order.</summary>
    public static async Task<List<SnapshotSample>> SamplesAsync(IQuerySession session, string siteId, DateOnly from, DateOnly to, DateTimeOffset asOf, CancellationToken ct)
        => (await DelaySampleReads.AsOfAsync(session, siteId, from, to, asOf, ct))
            .Select(s => new SnapshotSample(s.SampleId, s.Indicator, s.Start, s.End, s.SampleDate, s.Delay, s.Unit, s.Method, s.Comment,
                s.RecordedAt, s.RecordedBy, s.VoidedAt, s.VoidReason, s.VoidedBy))
            .ToList();
}

/// <summary>A dossier cannot be rendered from its data (missing site, referential or audit); the message is for the user.</summary>
public sealed class DossierRenderingException(string message) : Exception(message);
