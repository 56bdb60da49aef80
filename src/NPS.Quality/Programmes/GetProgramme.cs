using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Audits;
using NPS.Quality.Shared;
using NPS.Quality.Sites;
using Wolverine.Http;

namespace NPS.Quality.Programmes;

public sealed record ProgrammeSiteView(
    string SiteId,
    string SiteName,
    string Selection,
    string SelectionLabel,
    string Reason,
    string? Month,
    string? MonthLabel,
    string? AuditId,
    string? AuditState,
    string AuditStateLabel,
    bool Late,
    string? Lateness);

public sealed record ProgrammeSwapView(string Removed, string Added, string Reason, string By, DateTimeOffset At);

public sealed record ProgrammeView(
    string Id,
    int Version,
    int Year,
    string Stage,
    string StageLabel,
    string? Referential,
    IReadOnlyList<string> Scope,
    int Seed,
    int Size,
    int RandomCount,
    string Rule,
    string ProposedBy,
    DateTimeOffset ProposedAt,
    IReadOnlyList<ProgrammeSiteView> Sites,
    IReadOnlyList<ProgrammeSwapView> Swaps);

public sealed record ProgrammeSummary(string Id, int Year, string Stage, string StageLabel, string? Referential, int ScopeCount, int Size, int Planned, int Late);

public static class ProgrammeReads
{
    public static readonly IReadOnlyDictionary<SelectionKind, string> SelectionLabels = new Dictionary<SelectionKind, string>
    {
        [SelectionKind.Random] = "tirage aléatoire",
        [SelectionKind.Risk] = "choix sur risque",
        [SelectionKind.Swap] = "échange",
    };

    /// <summary>The audit of a programmed site is late when its planned month is over and it has not started.</summary>
    public static (bool Late, string? Phrase) Lateness(string? month, Audit? audit, DateOnly today)
    {
        if (PlanProgrammeAuditsHandler.ParseMonth(month) is not { } first) return (false, null);
        var last = first.AddMonths(1).AddDays(-1);
        if (audit is not null && audit.State != AuditState.Planned) return (false, null);
        if (today <= last) return (false, null);
        return (true, $"en retard : prévu en {Fr.Month(first)}, non commencé, mois écoulé {Fr.Relative(last, today)}");
    }

    public static ProgrammeView View(Programme p, IReadOnlyDictionary<string, Audit> audits, IReadOnlyDictionary<string, string> siteNames, DateOnly today)
        => new(p.Id, p.Version, p.Year, p.Stage.Wire(), AuditTypes.Labels[p.Stage], p.Referential, p.Scope, p.Seed, p.Size, p.RandomCount,
            $"{ProgrammeSampling.Factor(p.Stage).ToString(Fr.Culture)} × √{p.Scope.Count} arrondi au-dessus = {p.Size} site(s), dont au moins {p.RandomCount} tiré(s) au sort",
            p.ProposedBy, p.ProposedAt,
            p.Sites.Select(s =>
            {
                var audit = s.AuditId is not null && audits.TryGetValue(s.AuditId, out var a) ? a : null;
                var (late, phrase) = Lateness(s.Month, audit, today);
                var stateLabel = audit is not null ? AuditStates.Labels[audit.State]
                    : s.AuditId is not null ? "planification en cours" : "à planifier";
                return new ProgrammeSiteView(s.SiteId, siteNames.GetValueOrDefault(s.SiteId, s.SiteId), s.Kind.Wire(), SelectionLabels[s.Kind], s.Reason,
                    s.Month, PlanProgrammeAuditsHandler.ParseMonth(s.Month) is { } m ? Fr.Month(m) : null, s.AuditId, audit?.State.Wire(), stateLabel, late, phrase);
            }).ToList(),
            p.Swaps.Select(w => new ProgrammeSwapView(w.Removed, w.Added, w.Reason, w.By, w.At)).ToList());

    public static async Task<ProgrammeView?> FindAsync(IQuerySession session, string programmeId, DateOnly today, CancellationToken ct)
    {
        var programme = await session.LoadAsync<Programme>(programmeId, ct);
        if (programme is null) return null;
        var auditIds = programme.Sites.Where(s => s.AuditId is not null).Select(s => s.AuditId!).ToArray();
        var audits = auditIds.Length == 0 ? [] : (await session.LoadManyAsync<Audit>(ct, auditIds)).ToDictionary(a => a.Id);
        var names = (await session.Query<Site>().ToListAsync(ct)).ToDictionary(s => s.Id, s => s.Name);
        return View(programme, audits, names, today);
    }

    public static async Task<List<ProgrammeSummary>> ListAsync(IQuerySession session, DateOnly today, CancellationToken ct)
    {
        var programmes = await session.Query<Programme>().OrderByDescending(p => p.Year).ThenByDescending(p => p.ProposedAt).ToListAsync(ct);
        var auditIds = programmes.SelectMany(p => p.Sites).Where(s => s.AuditId is not null).Select(s => s.AuditId!).ToArray();
        var audits = auditIds.Length == 0 ? [] : (await session.LoadManyAsync<Audit>(ct, auditIds)).ToDictionary(a => a.Id);
        return programmes.Select(p => new ProgrammeSummary(p.Id, p.Year, p.Stage.Wire(), AuditTypes.Labels[p.Stage], p.Referential, p.Scope.Count, p.Sites.Count,
            p.Sites.Count(s => s.AuditId is not null),
            p.Sites.Count(s => Lateness(s.Month, s.AuditId is not null ? audits.GetValueOrDefault(s.AuditId) : null, today).Late))).ToList();
    }
}

public static class GetProgrammeEndpoint
{
    /// <summary>GET /api/programmes/{programmeId}: the sample, each site's reason, planned month, audit status and lateness.</summary>
    [WolverineGet("/api/programmes/{programmeId}"), Authorize(Policy = Policies.EverySiteReader)]
    [ProducesResponseType(typeof(ProgrammeView), 200), ProducesResponseType(typeof(ProblemDetails), 404)]
    public static async Task<IResult> Get(string programmeId, IQuerySession session, TimeProvider clock, CancellationToken ct)
        => await ProgrammeReads.FindAsync(session, programmeId, AuditCalendar.DateOf(clock.GetUtcNow()), ct) is { } view
            ? Results.Ok(view)
            : Results.Problem(Problems.NotFound($"Programme inconnu : {programmeId}."));

    [WolverineGet("/api/programmes"), Authorize(Policy = Policies.EverySiteReader)]
    public static Task<List<ProgrammeSummary>> List(IQuerySession session, TimeProvider clock, CancellationToken ct)
        => ProgrammeReads.ListAsync(session, AuditCalendar.DateOf(clock.GetUtcNow()), ct);
}
