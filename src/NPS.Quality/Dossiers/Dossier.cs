using System.Text.Json.Serialization;

namespace NPS.Quality.Dossiers;

// ---- Events: one stream per dossier ("dossier-{guid N}"); siteId comes first so the site history lists it. ----

/// <summary>
/// A dossier was asked for. Everything its content depends on is fixed here: the site, the kind, the period, the audit
/// and the snapshot instant <see cref="AsOf"/> (the request instant unless the caller named an earlier one).
/// </summary>
public sealed record DossierRequested(
    string SiteId,
    string DossierId,
    DossierKind Kind,
    DateOnly From,
    DateOnly To,
    string? AuditId,
    DateTimeOffset AsOf,
    string RequestedBy,
    DateTimeOffset RequestedAt);

/// <summary>The PDF exists: its SHA-256 proves a copy genuine; <see cref="DataHash"/> is the SHA-256 of the data it shows.</summary>
public sealed record DossierRendered(
    string DossierId,
    string Sha256,
    int Pages,
    long Bytes,
    string DataHash,
    string TemplateHash,
    DateTimeOffset AsOf,
    string Referential,
    string ReferentialVersion,
    DateTimeOffset RenderedAt);

/// <summary>Rendering failed on every attempt; <see cref="Reason"/> is the last error, in French when it is ours.</summary>
public sealed record DossierFailed(string DossierId, string Reason, int Attempts, DateTimeOffset FailedAt);

/// <summary>The message the request cascades to the durable <c>dossiers</c> local queue.</summary>
public sealed record RenderDossier(string DossierId);

public enum DossierKind
{
    [JsonStringEnumMemberName("internal")] Internal,
    [JsonStringEnumMemberName("afnor")] Afnor,
}

public enum DossierStatus
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("ready")] Ready,
    [JsonStringEnumMemberName("failed")] Failed,
}

public static class DossierKinds
{
    public const DossierKind Internal = DossierKind.Internal;
    public const DossierKind Afnor = DossierKind.Afnor;

    public static readonly IReadOnlyDictionary<DossierKind, string> Labels = new Dictionary<DossierKind, string>
    {
        [Internal] = "dossier interne",
        [Afnor] = "dossier AFNOR",
    };
}

public static class DossierStatuses
{
    public const DossierStatus Pending = DossierStatus.Pending;
    public const DossierStatus Ready = DossierStatus.Ready;
    public const DossierStatus Failed = DossierStatus.Failed;

    public static readonly IReadOnlyDictionary<DossierStatus, string> Labels = new Dictionary<DossierStatus, string>
    {
        [Pending] = "en cours de production",
        [Ready] = "prêt",
        [Failed] = "échec",
    };
}

/// <summary>A dossier and where its rendering stands; snapshotted inline, indexed by <see cref="Sha256"/> for verification.</summary>
public sealed class Dossier
{
    public string Id { get; set; } = "";
    public int Version { get; set; }
    public string SiteId { get; set; } = "";
    public DossierKind Kind { get; set; }
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public string? AuditId { get; set; }
    public DateTimeOffset AsOf { get; set; }
    public string RequestedBy { get; set; } = "";
    public DateTimeOffset RequestedAt { get; set; }
    public DossierStatus Status { get; set; } = DossierStatus.Pending;
    public string? Sha256 { get; set; }
    public int? Pages { get; set; }
    public long? Bytes { get; set; }
    public string? DataHash { get; set; }
    public string? TemplateHash { get; set; }
    public string? Referential { get; set; }
    public string? ReferentialVersion { get; set; }
    public DateTimeOffset? RenderedAt { get; set; }
    public string? FailureReason { get; set; }
    public int? Attempts { get; set; }
    public DateTimeOffset? FailedAt { get; set; }

    public static Dossier Create(DossierRequested e) => new()
    {
        Id = e.DossierId,
        SiteId = e.SiteId,
        Kind = e.Kind,
        From = e.From,
        To = e.To,
        AuditId = e.AuditId,
        AsOf = e.AsOf,
        RequestedBy = e.RequestedBy,
        RequestedAt = e.RequestedAt,
    };

    public void Apply(DossierRendered e)
    {
        Status = DossierStatuses.Ready;
        Sha256 = e.Sha256;
        Pages = e.Pages;
        Bytes = e.Bytes;
        DataHash = e.DataHash;
        TemplateHash = e.TemplateHash;
        Referential = e.Referential;
        ReferentialVersion = e.ReferentialVersion;
        RenderedAt = e.RenderedAt;
    }

    public void Apply(DossierFailed e)
    {
        Status = DossierStatuses.Failed;
        FailureReason = e.Reason;
        Attempts = e.Attempts;
        FailedAt = e.FailedAt;
    }

    public static string NewId() => $"dossier-{Guid.NewGuid():N}";

    /// <summary>
    /// <c>dossier-afnor-paris-11-2018-01-15.pdf</c>: kind, site, and the Paris date of the snapshot instant (asOf), the
    /// date the data were frozen — two dossiers of the same site and kind differ in it when their data can differ. The kind
    /// in French (<c>dossier-interne-…</c>), never the wire code "internal".
    /// </summary>
    public string FileName() => $"dossier-{(Kind == DossierKind.Internal ? "interne" : "afnor")}-{SiteId}-{ParisTime.DateOf(AsOf):yyyy-MM-dd}.pdf";
}

/// <summary>The rendered bytes, one document per dossier (same id). Kept apart from <see cref="Dossier"/> so status reads stay small.</summary>
public sealed class DossierPdf
{
    public string Id { get; set; } = "";
    public byte[] Content { get; set; } = [];
}
