namespace NPS.Quality.Audits;

// ---- Events: findings and corrective actions live inside their audit's stream ("audit-{guid N}"). ----

public sealed record AuditPlanned(
    string AuditId,
    string SiteId,
    AuditKind Kind,
    AuditType Type,
    DateOnly PlannedOn,
    IReadOnlyList<string> Auditors,
    string? Scope,
    string Referential,
    string ReferentialVersion,
    string PlannedBy,
    DateTimeOffset PlannedAt);

public sealed record AuditStarted(string AuditId, string StartedBy, DateTimeOffset StartedAt);

public sealed record FindingRecorded(
    string AuditId,
    string FindingId,
    FindingCategory Category,
    string Engagement,
    string Statement,
    string? EvidenceText,
    IReadOnlyList<string> SampleIds,
    string RecordedBy,
    DateTimeOffset RecordedAt);

public sealed record FindingReworded(string AuditId, string FindingId, string Statement, string Reason, string RewordedBy, DateTimeOffset RewordedAt);

public sealed record FindingWithdrawn(string AuditId, string FindingId, string Reason, string WithdrawnBy, DateTimeOffset WithdrawnAt);

public sealed record CorrectiveActionAdded(
    string AuditId,
    string FindingId,
    string ActionId,
    string Description,
    string Owner,
    DateOnly DueOn,
    bool DefaultDueDate,
    string AddedBy,
    DateTimeOffset AddedAt);

public sealed record CorrectiveActionCompleted(string AuditId, string FindingId, string ActionId, string? Proof, string CompletedBy, DateTimeOffset CompletedAt);

public sealed record FindingClosed(string AuditId, string FindingId, string ClosedBy, DateTimeOffset ClosedAt);

/// <param name="LiftBy">For a conclusion subject to the lifting of the major NCs: the deadline (null otherwise, and in events written before it existed).</param>
public sealed record AuditConcluded(string AuditId, AuditConclusion Conclusion, string? Statement, string ConcludedBy, DateTimeOffset ConcludedAt,
    DateOnly? LiftBy = null);

// ---- The facts of a deviation sheet (fiche d'écart), each with who recorded it and when; a later one supersedes, none is erased. ----

/// <summary>The site's analysis of why the NC happened.</summary>
public sealed record CauseAnalysed(string AuditId, string FindingId, string Analysis, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>What was done at once to the case found (as distinct from the corrective action, which removes the cause).</summary>
public sealed record ImmediateCorrectionRecorded(string AuditId, string FindingId, string Description, DateOnly DoneOn, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>Whether the corrective actions worked: effective → the NC can be lifted; not effective → it stays open and a new action is needed.</summary>
public sealed record EffectivenessChecked(string AuditId, string FindingId, DateOnly CheckedOn, string CheckedBy, bool Effective, string? Comment,
    string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>The site's acknowledgement of the sheet: who (name, role) and when.</summary>
public sealed record FindingAcknowledged(string AuditId, string FindingId, string Name, string Role, DateOnly AcknowledgedOn, string RecordedBy,
    DateTimeOffset RecordedAt);

public sealed record AuditClosed(string AuditId, string ClosedBy, DateTimeOffset ClosedAt);

// ---- The aggregate, snapshotted inline. Apply methods only replay events: endpoints never mutate it. ----

/// <summary>
/// An internal or AFNOR audit of one site, pinned to the referential version the site followed when it was
/// planned. Lifecycle: planned → started → concluded → closed.
/// </summary>
public sealed class Audit
{
    public string Id { get; set; } = "";
    public int Version { get; set; }
    public string SiteId { get; set; } = "";
    public AuditKind Kind { get; set; }
    public AuditType Type { get; set; }
    public DateOnly PlannedOn { get; set; }
    public List<string> Auditors { get; set; } = [];
    public string? Scope { get; set; }
    public string Referential { get; set; } = "";
    public string ReferentialVersion { get; set; } = "";
    public AuditState State { get; set; } = AuditState.Planned;
    public string PlannedBy { get; set; } = "";
    public DateTimeOffset PlannedAt { get; set; }
    public string? StartedBy { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public AuditConclusion? Conclusion { get; set; }
    public string? ConclusionStatement { get; set; }
    public string? ConcludedBy { get; set; }
    public DateTimeOffset? ConcludedAt { get; set; }
    public DateOnly? LiftBy { get; set; }
    public List<PlannedSlot> Agenda { get; set; } = [];
    public List<PlannedSampling> Sampling { get; set; } = [];
    public string? PlanSetBy { get; set; }
    public DateTimeOffset? PlanSetAt { get; set; }
    public string? ClosedBy { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public List<Finding> Findings { get; set; } = [];

    public static Audit Create(AuditPlanned e) => new()
    {
        Id = e.AuditId,
        SiteId = e.SiteId,
        Kind = e.Kind,
        Type = e.Type,
        PlannedOn = e.PlannedOn,
        Auditors = e.Auditors.ToList(),
        Scope = e.Scope,
        Referential = e.Referential,
        ReferentialVersion = e.ReferentialVersion,
        PlannedBy = e.PlannedBy,
        PlannedAt = e.PlannedAt,
    };

    public void Apply(AuditStarted e)
    {
        State = AuditState.Started;
        StartedBy = e.StartedBy;
        StartedAt = e.StartedAt;
    }

    public void Apply(AuditPlanSet e)
    {
        Agenda = e.Agenda.ToList();
        Sampling = e.Sampling.ToList();
        PlanSetBy = e.SetBy;
        PlanSetAt = e.SetAt;
    }

    public void Apply(AuditConcluded e)
    {
        State = AuditState.Concluded;
        Conclusion = e.Conclusion;
        ConclusionStatement = e.Statement;
        ConcludedBy = e.ConcludedBy;
        ConcludedAt = e.ConcludedAt;
        LiftBy = e.LiftBy;
    }

    public void Apply(AuditClosed e)
    {
        State = AuditState.Closed;
        ClosedBy = e.ClosedBy;
        ClosedAt = e.ClosedAt;
    }

    /// <summary>An NC gets the next deviation sheet number of its audit (FE-01, FE-02…), never reused, even if it is withdrawn.</summary>
    public void Apply(FindingRecorded e) => Findings.Add(new Finding
    {
        Id = e.FindingId,
        Sheet = FindingCategories.IsNc(e.Category) ? $"FE-{Findings.Count(f => f.Sheet is not null) + 1:00}" : null,
        Category = e.Category,
        Engagement = e.Engagement,
        Statement = e.Statement,
        EvidenceText = e.EvidenceText,
        SampleIds = e.SampleIds.ToList(),
        RecordedBy = e.RecordedBy,
        RecordedAt = e.RecordedAt,
        History = [new FindingRevision(FindingRevisionKind.Recorded, e.Statement, null, e.RecordedBy, e.RecordedAt)],
    });

    public void Apply(FindingReworded e)
    {
        var f = FindingOrThrow(e.FindingId);
        f.Statement = e.Statement;
        f.History.Add(new FindingRevision(FindingRevisionKind.Reworded, e.Statement, e.Reason, e.RewordedBy, e.RewordedAt));
    }

    public void Apply(FindingWithdrawn e)
    {
        var f = FindingOrThrow(e.FindingId);
        f.Status = FindingStatus.Withdrawn;
        f.History.Add(new FindingRevision(FindingRevisionKind.Withdrawn, f.Statement, e.Reason, e.WithdrawnBy, e.WithdrawnAt));
    }

    public void Apply(FindingClosed e)
    {
        var f = FindingOrThrow(e.FindingId);
        f.Status = FindingStatus.Closed;
        f.ClosedBy = e.ClosedBy;
        f.ClosedAt = e.ClosedAt;
        f.History.Add(new FindingRevision(FindingRevisionKind.Closed, f.Statement, null, e.ClosedBy, e.ClosedAt));
    }

    public void Apply(CorrectiveActionAdded e) => FindingOrThrow(e.FindingId).Actions.Add(new CorrectiveAction
    {
        Id = e.ActionId,
        Description = e.Description,
        Owner = e.Owner,
        DueOn = e.DueOn,
        DefaultDueDate = e.DefaultDueDate,
        AddedBy = e.AddedBy,
        AddedAt = e.AddedAt,
    });

    public void Apply(CorrectiveActionCompleted e)
    {
        var action = FindingOrThrow(e.FindingId).Actions.Single(a => a.Id == e.ActionId);
        action.Proof = e.Proof;
        action.CompletedBy = e.CompletedBy;
        action.CompletedAt = e.CompletedAt;
    }

    public void Apply(CauseAnalysed e) => FindingOrThrow(e.FindingId).Cause = new SheetEntry(e.Analysis, e.RecordedBy, e.RecordedAt);

    public void Apply(ImmediateCorrectionRecorded e)
        => FindingOrThrow(e.FindingId).Correction = new ImmediateCorrection(e.Description, e.DoneOn, e.RecordedBy, e.RecordedAt);

    public void Apply(EffectivenessChecked e)
        => FindingOrThrow(e.FindingId).Checks.Add(new EffectivenessCheck(e.CheckedOn, e.CheckedBy, e.Effective, e.Comment, e.RecordedBy, e.RecordedAt));

    public void Apply(FindingAcknowledged e)
        => FindingOrThrow(e.FindingId).Acknowledgement = new Acknowledgement(e.Name, e.Role, e.AcknowledgedOn, e.RecordedBy, e.RecordedAt);

    public Finding? FindFinding(string findingId) => Findings.FirstOrDefault(f => f.Id == findingId);

    private Finding FindingOrThrow(string findingId)
        => FindFinding(findingId) ?? throw new InvalidOperationException($"Constat {findingId} absent de l'audit {Id}.");

    public static string NewId() => $"audit-{Guid.NewGuid():N}";
}

public sealed class Finding
{
    public string Id { get; set; } = "";
    public FindingCategory Category { get; set; }
    /// <summary>The deviation sheet number within the audit ("FE-01"), for NCs only.</summary>
    public string? Sheet { get; set; }
    public string Engagement { get; set; } = "";
    public string Statement { get; set; } = "";
    public string? EvidenceText { get; set; }
    public List<string> SampleIds { get; set; } = [];
    public FindingStatus Status { get; set; } = FindingStatus.Open;
    public string RecordedBy { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }
    public string? ClosedBy { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public List<FindingRevision> History { get; set; } = [];
    public List<CorrectiveAction> Actions { get; set; } = [];
    public SheetEntry? Cause { get; set; }
    public ImmediateCorrection? Correction { get; set; }
    public List<EffectivenessCheck> Checks { get; set; } = [];
    public Acknowledgement? Acknowledgement { get; set; }

    public bool IsOpen => Status == FindingStatus.Open;

    /// <summary>The latest effectiveness check, if any.</summary>
    public EffectivenessCheck? LastCheck => Checks.Count == 0 ? null : Checks[^1];

    public static string NewId() => $"f-{Guid.NewGuid():N}";
}

public sealed record SheetEntry(string Text, string By, DateTimeOffset At);

public sealed record ImmediateCorrection(string Description, DateOnly DoneOn, string By, DateTimeOffset At);

public sealed record EffectivenessCheck(DateOnly CheckedOn, string CheckedBy, bool Effective, string? Comment, string By, DateTimeOffset At);

public sealed record Acknowledgement(string Name, string Role, DateOnly On, string By, DateTimeOffset At);

/// <summary>One step of a finding's history: nothing is ever deleted.</summary>
public sealed record FindingRevision(FindingRevisionKind Kind, string Statement, string? Reason, string By, DateTimeOffset At);

public sealed class CorrectiveAction
{
    public string Id { get; set; } = "";
    public string Description { get; set; } = "";
    public string Owner { get; set; } = "";
    public DateOnly DueOn { get; set; }
    public bool DefaultDueDate { get; set; }
    public string AddedBy { get; set; } = "";
    public DateTimeOffset AddedAt { get; set; }
    public string? Proof { get; set; }
    public string? CompletedBy { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    public bool IsOpen => CompletedAt is null;

    public static string NewId() => $"a-{Guid.NewGuid():N}";
}
