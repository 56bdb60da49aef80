using System.Text.Json.Serialization;

namespace NPS.Quality.Dossiers;

// ---- Events: one stream per dossier ("dossier-{guid N}"); siteId comes first so the site history lists it. ----

/// <summary>
/// A dossier was asked for. Everything its content depends on is fixed here: the site, the kind, the period, the audit
/// and the snapshot instant <see cref="AsOf"/> (the request instant unless the caller named an earlier one); the request
/// instant is its issue date and <see cref="Revision"/> counts the dossiers of the same site, kind and period issued so far
/// (an issued dossier is never edited: issuing it again makes a new revision; 1 in events written before revisions).
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
    DateTimeOffset RequestedAt,
    int Revision = 1);

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
    /// <summary>The results poster: one page per site and month, for the users, without personal data.</summary>
    [JsonStringEnumMemberName("affiche")] Poster,
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
    public const DossierKind Poster = DossierKind.Poster;

    public static readonly IReadOnlyDictionary<DossierKind, string> Labels = new Dictionary<DossierKind, string>
    {
        [Internal] = "dossier interne",
        [Afnor] = "dossier AFNOR",
        [Poster] = "affiche des résultats",
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
    public int Revision { get; set; } = 1;
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
        Revision = e.Revision,
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
    /// The document reference: site, kind and period, "QP-PARIS-11-AFNOR-2017-12" for a month, "QP-PARIS-11-INT-20171002-20171020"
    /// otherwise; the revision is added as "-R2" (<see cref="FullReference"/>).
    /// </summary>
    public static string Reference(string siteId, DossierKind kind, DateOnly from, DateOnly to)
    {
        var wholeMonth = from.Day == 1 && to == from.AddMonths(1).AddDays(-1);
        var period = wholeMonth ? $"{from:yyyy-MM}" : $"{from:yyyyMMdd}-{to:yyyyMMdd}";
        return $"QP-{siteId.ToUpperInvariant()}-{(kind switch { DossierKind.Afnor => "AFNOR", DossierKind.Poster => "AFFICHE", _ => "INT" })}-{period}";
    }

    public static string FullReference(string siteId, DossierKind kind, DateOnly from, DateOnly to, int revision)
        => $"{Reference(siteId, kind, from, to)}-R{revision}";

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
