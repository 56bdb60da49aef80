using System.Security.Cryptography;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Audits;
using NPS.Quality.Referentials;
using NPS.Quality.Shared;
using NPS.Quality.Sites;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace NPS.Quality.Programmes;

/// <summary>
/// A yearly programme for a group of sites: the sites following <c>referential</c>, or the listed <c>siteIds</c>.
/// Without a <c>seed</c> the service draws one and records it; with one, the draw is reproduced.
/// </summary>
public sealed record ProposeProgramme(int? Year, string? Stage, string? Referential, IReadOnlyList<string>? SiteIds, int? Seed);

public sealed record ProgrammeCreated(string Id, int Version);

public static class ProposeProgrammeHandler
{
    /// <summary>The field rules, pure: a year, a known stage, a scope of known sites.</summary>
    public static List<FieldError> Check(ProposeProgramme c, IReadOnlyCollection<string> knownSites, IReadOnlyList<string> scope)
    {
        var errors = new List<FieldError>();
        if (c.Year is null) errors.Add(new("year", "l'année du programme est obligatoire"));
        else if (c.Year is < 2000 or > 2100) errors.Add(new("year", "l'année doit être comprise entre 2000 et 2100", Value: c.Year.ToString()));
        if (string.IsNullOrWhiteSpace(c.Stage)) errors.Add(new("stage", $"l'étape du cycle est obligatoire ({WireNames.Choices<AuditType>()})"));
        else if (WireNames.Parse<AuditType>(c.Stage) is null) errors.Add(new("stage", $"étape inconnue : {WireNames.Choices<AuditType>()}", Value: c.Stage));
        if (c.SiteIds is { Count: > 0 })
            foreach (var unknown in c.SiteIds.Where(s => !knownSites.Contains(s)))
                errors.Add(new("siteIds", "site inconnu", Value: unknown));
        if (string.IsNullOrWhiteSpace(c.Referential) && c.SiteIds is not { Count: > 0 })
            errors.Add(new("siteIds", "le périmètre est obligatoire : un référentiel (referential) ou la liste des sites (siteIds)"));
        else if (errors.Count == 0 && scope.Count == 0)
            errors.Add(new("referential", "aucun site ne suit ce référentiel", Value: c.Referential));
        return errors;
    }

    /// <summary>The sites in scope: the listed ones, else those following the referential (and, with both, the listed ones that follow it).</summary>
    public static List<string> Scope(ProposeProgramme c, IReadOnlyList<Site> sites)
        => sites.Where(s => (c.SiteIds is not { Count: > 0 } || c.SiteIds.Contains(s.Id))
                && (string.IsNullOrWhiteSpace(c.Referential) || s.Referential == c.Referential.Trim()))
            .Select(s => s.Id).Order(StringComparer.Ordinal).ToList();

    public static Decision Decide(ProposeProgramme c, IReadOnlyList<string> knownSites, IReadOnlyList<SiteRisk> risks, string programmeId, int seed,
        string by, DateTimeOffset now)
    {
        var scope = risks.Select(r => r.SiteId).ToList();
        var errors = Check(c, knownSites.ToHashSet(), scope);
        if (errors.Count > 0) return Decision.Invalid(errors);
        var stage = WireNames.Parse<AuditType>(c.Stage)!.Value;
        var sample = ProgrammeSampling.Propose(stage, risks, seed);
        return Decision.Of(new ProgrammeProposed(programmeId, c.Year!.Value, stage, AuditWrites.Trimmed(c.Referential), scope, seed,
            ProgrammeSampling.Size(stage, scope.Count), sample.Count(s => s.Kind == SelectionKind.Random), risks, sample, by, now));
    }

    public static async Task<(Outcome<ProgrammeCreated>, IMartenOp)> Handle(ProposeProgramme command, IDocumentSession session, ReferentialCatalog catalog,
        IMessageContext context, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var sites = await session.Query<Site>().ToListAsync(ct);
        var scope = ProposeProgrammeHandler.Scope(command, sites);
        var risks = await ProgrammeRisks.ReadAsync(session, catalog, scope, now, ct);
        var seed = command.Seed ?? RandomNumberGenerator.GetInt32(1, int.MaxValue);
        var decision = Decide(command, sites.Select(s => s.Id).ToList(), risks, Programme.NewId(), seed, context.Who(), now);
        if (decision.Refusal is { } refusal) return (Outcome<ProgrammeCreated>.Refused(refusal), MartenOps.Nothing());
        var proposed = decision.Single<ProgrammeProposed>();
        return (Outcome<ProgrammeCreated>.Created(new ProgrammeCreated(proposed.ProgrammeId, 1), $"/api/programmes/{proposed.ProgrammeId}"),
            MartenOps.StartStream<Programme>(proposed.ProgrammeId, proposed));
    }
}

public static class ProposeProgrammeEndpoint
{
    /// <summary>POST /api/programmes: the proposed sample, each site with its reason; <c>GET</c> the Location for the detail.</summary>
    [WolverinePost("/api/programmes"), Authorize(Policy = Policies.Admin)]
    [ProducesResponseType(typeof(ProgrammeCreated), 201), ProducesResponseType(typeof(ProblemDetails), 400)]
    public static Task<IResult> Post(ProposeProgramme command, IMessageBus bus, CancellationToken ct) => bus.AnswerAsync<ProgrammeCreated>(command, ct);
}
