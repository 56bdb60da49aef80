using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Shared;
using Wolverine.Http;

namespace NPS.Quality.Audits;

/// <summary>
/// <c>GET /api/actions/export?[overdue=true]&amp;format=csv|xlsx</c>: the corrective action plan of the sites the caller
/// may see — the very list of <c>GET /api/actions</c> (<see cref="ActionReads.OfCallerAsync"/>), one row per open action, most late first.
/// </summary>
public static class ActionExport
{
    public static readonly ExportColumn[] Columns =
    [
        new("Site", Width: 12), new("Audit", Width: 16), new("Type d'audit", Width: 10), new("Constat", Width: 14), new("Catégorie", Width: 26),
        new("Engagement", Width: 12), new("Énoncé du constat", Width: 40), new("Action", Width: 14), new("Description", Width: 40),
        new("Responsable", Width: 20), new("Échéance", CellKind.Date, 11), new("Échéance par défaut", Width: 10), new("État", Width: 10),
        new("En retard", Width: 9), new("Échéance (texte)", Width: 22), new("Preuve", Width: 30), new("Réalisée par", Width: 20),
        new("Réalisée le", CellKind.Instant, 20),
    ];

    /// <summary>Writes the action plan of the sites the caller may see; the refusal instead when the format is unknown.</summary>
    public static async Task<ProblemDetails?> WriteAsync(HttpContext context, Caller caller, bool? overdue, string? format, IQuerySession session,
        TimeProvider clock, CancellationToken ct)
    {
        var (kind, formatError) = TableExport.ReadFormat(format);
        if (formatError is not null) return Problems.Invalid([formatError]);
        var actions = await ActionReads.OfCallerAsync(session, caller, overdue == true, AuditCalendar.DateOf(clock.GetUtcNow()), ct);

        await using var table = await TableExport.StartAsync(context.Response, kind!,
            $"plan-actions{(overdue == true ? "-en-retard" : "")}-{AuditCalendar.DateOf(clock.GetUtcNow()):yyyy-MM-dd}", "Plan d'actions", Columns, ct);
        foreach (var a in actions)
            await table.RowAsync([a.SiteId, a.AuditId, a.AuditKind, a.FindingId, a.CategoryLabel, a.Engagement, a.FindingStatement, a.Action.Id,
                a.Action.Description, a.Action.Owner, a.Action.DueOn, a.Action.DefaultDueDate ? "oui" : "non", a.Action.StatusLabel,
                a.Action.Overdue ? "oui" : "non", a.Action.Due, a.Action.Proof, a.Action.CompletedBy, a.Action.CompletedAt], ct);
        await table.FinishAsync(ct);
        return null;
    }
}

public static class ExportActionsEndpoint
{
    [WolverineGet("/api/actions/export")]
    [ProducesResponseType(200), ProducesResponseType(typeof(ProblemDetails), 400)]
    public static async Task<IResult> Get(bool? overdue, string? format, HttpContext context, ClaimsPrincipal user, IQuerySession session,
        TimeProvider clock, CancellationToken ct)
        => await ActionExport.WriteAsync(context, Caller.From(user), overdue, format, session, clock, ct) is { } refused
            ? Results.Problem(refused) : Results.Empty;
}
