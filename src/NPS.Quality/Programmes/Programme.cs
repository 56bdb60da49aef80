using Marten;
using NPS.Quality.Audits;
using Wolverine;

namespace NPS.Quality.Programmes;

// ---- Events of a programme stream ("programme-{guid N}"). ----

/// <summary>The sample the service proposed, with the data that chose it (the risks as read then) and the seed of the draw.</summary>
public sealed record ProgrammeProposed(
    string ProgrammeId,
    int Year,
    AuditType Stage,
    string? Referential,
    IReadOnlyList<string> Scope,
    int Seed,
    int Size,
    int RandomCount,
    IReadOnlyList<SiteRisk> Risks,
    IReadOnlyList<SampledSite> Sample,
    string ProposedBy,
    DateTimeOffset ProposedAt);

/// <summary>The administrator replaced a site of the sample by another site of the scope, and said why.</summary>
public sealed record ProgrammeSiteSwapped(string ProgrammeId, string Removed, string Added, string Reason, string SwappedBy, DateTimeOffset SwappedAt);

public sealed record ProgrammedAudit(string SiteId, string AuditId, string Month);

/// <summary>
/// One audit per listed site, in its planned month; the audits themselves are planned by the audit planning command
/// (<see cref="PlanAudit"/>), sent through the outbox in the same transaction as this event.
/// </summary>
public sealed record ProgrammeAuditsPlanned(string ProgrammeId, AuditKind Kind, IReadOnlyList<string> Auditors, IReadOnlyList<ProgrammedAudit> Audits,
    string PlannedBy, DateTimeOffset PlannedAt);

// ---- The aggregate, snapshotted inline. ----

public sealed class ProgrammeSite
{
    public string SiteId { get; set; } = "";
    public SelectionKind Kind { get; set; }
    public string Reason { get; set; } = "";
    public string? AuditId { get; set; }
    public string? Month { get; set; }
}

public sealed record ProgrammeSwap(string Removed, string Added, string Reason, string By, DateTimeOffset At);

/// <summary>A yearly audit programme of a group of sites: the sample, its swaps, the audits planned for it.</summary>
public sealed class Programme
{
    public string Id { get; set; } = "";
    public int Version { get; set; }
    public int Year { get; set; }
    public AuditType Stage { get; set; }
    public string? Referential { get; set; }
    public List<string> Scope { get; set; } = [];
    public int Seed { get; set; }
    public int Size { get; set; }
    public int RandomCount { get; set; }
    public List<SiteRisk> Risks { get; set; } = [];
    public List<ProgrammeSite> Sites { get; set; } = [];
    public List<ProgrammeSwap> Swaps { get; set; } = [];
    public string ProposedBy { get; set; } = "";
    public DateTimeOffset ProposedAt { get; set; }

    public static Programme Create(ProgrammeProposed e) => new()
    {
        Id = e.ProgrammeId,
        Year = e.Year,
        Stage = e.Stage,
        Referential = e.Referential,
        Scope = e.Scope.ToList(),
        Seed = e.Seed,
        Size = e.Size,
        RandomCount = e.RandomCount,
        Risks = e.Risks.ToList(),
        Sites = e.Sample.Select(s => new ProgrammeSite { SiteId = s.SiteId, Kind = s.Kind, Reason = s.Reason }).ToList(),
        ProposedBy = e.ProposedBy,
        ProposedAt = e.ProposedAt,
    };

    public void Apply(ProgrammeSiteSwapped e)
    {
        var index = Sites.FindIndex(s => s.SiteId == e.Removed);
        if (index < 0) return;
        Sites[index] = new ProgrammeSite { SiteId = e.Added, Kind = SelectionKind.Swap, Reason = $"remplace {e.Removed} : {e.Reason}" };
        Swaps.Add(new ProgrammeSwap(e.Removed, e.Added, e.Reason, e.SwappedBy, e.SwappedAt));
    }

    public void Apply(ProgrammeAuditsPlanned e)
    {
        foreach (var planned in e.Audits)
            if (Sites.FirstOrDefault(s => s.SiteId == planned.SiteId) is { } site)
            {
                site.AuditId = planned.AuditId;
                site.Month = planned.Month;
            }
    }

    public ProgrammeSite? Find(string siteId) => Sites.FirstOrDefault(s => s.SiteId == siteId);

    public static string NewId() => $"programme-{Guid.NewGuid():N}";
}

public static class ProgrammeStorage
{
    public static void ConfigureProgrammes(this StoreOptions opts)
        => opts.Projections.Snapshot<Programme>(JasperFx.Events.Projections.SnapshotLifecycle.Inline);

    /// <summary>The audits a programme plans wait on a durable local queue, enrolled in the programme's transaction (outbox).</summary>
    public static void ConfigureProgrammes(this WolverineOptions opts)
        => opts.PublishMessage<PlanProgrammeAudit>().ToLocalQueue("programmes").UseDurableInbox();
}
