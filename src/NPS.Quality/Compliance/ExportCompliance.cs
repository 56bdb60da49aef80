using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Referentials;
using NPS.Quality.Samples;
using NPS.Quality.Shared;
using Wolverine.Http;

namespace NPS.Quality.Compliance;

/// <summary>
/// <c>GET /api/sites/{siteId}/compliance/export?from=&amp;to=[&amp;asOf=][&amp;methods=]&amp;format=csv|xlsx</c>: the site's
/// compliance answer (<see cref="SiteComplianceQuery"/>, the API's own read) as a table, one row per indicator with all
/// its figures; an engagement judged by audit has one row without figures. Same rights and errors as the read.
/// </summary>
public static class SiteComplianceExport
{
    public static readonly ExportColumn[] Columns =
    [
        new("Site", Width: 12), new("Nom du site", Width: 24), new("Référentiel", Width: 26), new("Version", Width: 9),
        new("Du", CellKind.Date, 11), new("Au", CellKind.Date, 11), new("Situation au", CellKind.Instant, 20), new("Méthodes", Width: 20),
        new("Engagement", Width: 12), new("Titre de l'engagement", Width: 40), new("Indicateur", Width: 18), new("Libellé", Width: 40),
        new("Unité", Width: 16), new("Seuil", CellKind.Number, 8), new("Seuil (texte)", Width: 18), new("Cible", CellKind.Share, 8),
        new("Minimum d'échantillons", CellKind.Number, 10), new("n", CellKind.Number, 8), new("Dans le seuil", CellKind.Number, 10),
        new("Part", CellKind.Share, 8), new("Wilson bas", CellKind.Share, 10), new("Wilson haut", CellKind.Share, 10),
        new("Médiane", CellKind.Number, 9), new("P90", CellKind.Number, 9), new("Max", CellKind.Number, 9), new("Verdict", Width: 18),
        new("Échantillons encore nécessaires", CellKind.Number, 12), new("Verdict du site", Width: 18),
    ];

    /// <summary>Writes one row per indicator of the compliance answer; the refusal instead (format, period, unknown site).</summary>
    public static async Task<ProblemDetails?> WriteAsync(HttpContext context, string siteId, string? from, string? to, string? asOf,
        string? methods, string? format, IQuerySession session, ReferentialCatalog catalog, TimeProvider clock, CancellationToken ct)
    {
        var (kind, formatError) = TableExport.ReadFormat(format);
        if (formatError is not null) return Problems.Invalid([formatError]);
        var answer = await SiteComplianceQuery.ForAsync(session, catalog, siteId, from, to, asOf, methods, clock.GetUtcNow(), ct);
        if (answer.Value is not { } report) return answer.Problem;

        await using var table = await TableExport.StartAsync(context.Response, kind!, $"conformite-{siteId}-du-{report.From:yyyy-MM-dd}-au-{report.To:yyyy-MM-dd}",
            "Conformité", Columns, ct);
        foreach (var row in Rows(report)) await table.RowAsync(row, ct);
        await table.FinishAsync(ct);
        return null;
    }

    public static IEnumerable<object?[]> Rows(SiteCompliance r)
    {
        object?[] Site() => [r.SiteId, r.SiteName, r.Referential, r.ReferentialVersion, r.From, r.To, r.AsOf, r.Methods is null ? "toutes" : string.Join(", ", r.Methods)];
        foreach (var e in r.Engagements)
        {
            if (e.Indicators.Count == 0)
                yield return [.. Site(), e.Code, e.Title, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, "jugé à l'audit", null, r.VerdictLabel];
            foreach (var i in e.Indicators)
                yield return [.. Site(), e.Code, e.Title, i.Code, i.Label, SampleExport.UnitLabel(i.Unit), i.Threshold, i.ThresholdLabel, i.Target,
                    i.MinimumSamples, i.N, i.WithinThreshold, i.Share, i.WilsonLow, i.WilsonHigh, i.Median, i.P90, i.Max, i.VerdictLabel,
                    i.SamplesNeeded, r.VerdictLabel];
        }
    }
}

/// <summary>
/// <c>GET /api/compliance/export?from=&amp;to=[&amp;asOf=][&amp;methods=]&amp;format=csv|xlsx</c>: every site × indicator of the
/// group answer (<see cref="GroupComplianceQuery"/>, the API's own read), with the site's and the group's verdicts and
/// the weakest site marked. Auditors and administrators, as the read.
/// </summary>
public static class GroupComplianceExport
{
    public static readonly ExportColumn[] Columns =
    [
        new("Du", CellKind.Date, 11), new("Au", CellKind.Date, 11), new("Situation au", CellKind.Instant, 20), new("Méthodes", Width: 20),
        new("Site", Width: 12), new("Nom du site", Width: 24), new("Version du référentiel", Width: 10), new("Indicateur", Width: 18),
        new("n", CellKind.Number, 8), new("Part", CellKind.Share, 8), new("Wilson bas", CellKind.Share, 10), new("Cible", CellKind.Share, 8),
        new("Verdict", Width: 18), new("Verdict du site", Width: 18), new("Site le plus faible", Width: 10), new("Verdict du groupe", Width: 18),
    ];

    /// <summary>Writes every site × indicator; the refusal instead (format, period).</summary>
    public static async Task<ProblemDetails?> WriteAsync(HttpContext context, string? from, string? to, string? asOf, string? methods,
        string? format, IQuerySession session, ReferentialCatalog catalog, TimeProvider clock, CancellationToken ct)
    {
        var (kind, formatError) = TableExport.ReadFormat(format);
        if (formatError is not null) return Problems.Invalid([formatError]);
        var answer = await GroupComplianceQuery.ForAsync(session, catalog, from, to, asOf, methods, clock.GetUtcNow(), ct);
        if (answer.Value is not { } group) return answer.Problem;

        await using var table = await TableExport.StartAsync(context.Response, kind!, $"conformite-groupe-du-{group.From:yyyy-MM-dd}-au-{group.To:yyyy-MM-dd}",
            "Conformité du groupe", Columns, ct);
        foreach (var row in Rows(group)) await table.RowAsync(row, ct);
        await table.FinishAsync(ct);
        return null;
    }

    public static IEnumerable<object?[]> Rows(GroupCompliance g)
        => g.Sites.SelectMany(s => s.Indicators.Select(i => new object?[]
        {
            g.From, g.To, g.AsOf, g.Methods is null ? "toutes" : string.Join(", ", g.Methods), s.SiteId, s.SiteName, s.ReferentialVersion,
            i.Code, i.N, i.Share, i.WilsonLow, i.Target, i.VerdictLabel, s.VerdictLabel, g.WeakestSite?.SiteId == s.SiteId ? "oui" : "non",
            g.VerdictLabel,
        }));
}

public static class ExportComplianceEndpoints
{
    [WolverineGet("/api/sites/{siteId}/compliance/export"), Authorize(Policy = Policies.SiteReader)]
    [ProducesResponseType(200), ProducesResponseType(typeof(ProblemDetails), 400), ProducesResponseType(typeof(ProblemDetails), 404)]
    public static async Task<IResult> GetSite(string siteId, string? from, string? to, string? asOf, string? methods, string? format,
        HttpContext context, IQuerySession session, ReferentialCatalog catalog, TimeProvider clock, CancellationToken ct)
        => await SiteComplianceExport.WriteAsync(context, siteId, from, to, asOf, methods, format, session, catalog, clock, ct) is { } refused
            ? Results.Problem(refused) : Results.Empty;

    [WolverineGet("/api/compliance/export"), Authorize(Policy = Policies.EverySiteReader)]
    [ProducesResponseType(200), ProducesResponseType(typeof(ProblemDetails), 400)]
    public static async Task<IResult> GetGroup(string? from, string? to, string? asOf, string? methods, string? format,
        HttpContext context, IQuerySession session, ReferentialCatalog catalog, TimeProvider clock, CancellationToken ct)
        => await GroupComplianceExport.WriteAsync(context, from, to, asOf, methods, format, session, catalog, clock, ct) is { } refused
            ? Results.Problem(refused) : Results.Empty;
}
