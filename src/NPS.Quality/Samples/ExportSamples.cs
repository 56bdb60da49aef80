using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Shared;
using NPS.Quality.Sites;
using Wolverine.Http;

namespace NPS.Quality.Samples;

/// <summary>
/// <c>GET /api/sites/{siteId}/samples/export?from=&amp;to=&amp;format=csv|xlsx</c>: every sample of the site (voided ones
/// included, with when, by whom and why), with its delay, unit, method and who recorded it, streamed row by row. The
/// first six columns are the import's, written so that the file re-imported as is answers every row as a duplicate:
/// start and end as Paris wall-clock time (a date cell in xlsx), except an instant that wall-clock time cannot say
/// exactly (the repeated hour of the autumn change, a fraction of a second), written as ISO 8601 text with its offset.
/// </summary>
public static class ExportSamplesEndpoint
{
    public static readonly ExportColumn[] Columns =
    [
        new("Identifiant", Width: 20), new("Indicateur", Width: 18), new("Début", CellKind.Instant, 20), new("Fin", CellKind.Instant, 20),
        new("Méthode", Width: 16), new("Commentaire", Width: 40), new("Délai", CellKind.Number, 10), new("Unité", Width: 16),
        new("Date", CellKind.Date, 12), new("Saisi le", CellKind.Instant, 20), new("Saisi par", Width: 20), new("Annulé", Width: 8),
        new("Annulé le", CellKind.Instant, 20), new("Annulé par", Width: 20), new("Motif d'annulation", Width: 40),
    ];

    [WolverineGet("/api/sites/{siteId}/samples/export"), Authorize(Policy = Policies.SiteReader)]
    [ProducesResponseType(200), ProducesResponseType(typeof(ProblemDetails), 400), ProducesResponseType(typeof(ProblemDetails), 404)]
    public static async Task<IResult> Get(string siteId, string? from, string? to, string? format, HttpContext context,
        IQuerySession session, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var fromDay = SamplePages.ReadDay(from, "from", errors);
        var toDay = SamplePages.ReadDay(to, "to", errors);
        if (fromDay > toDay) errors.Add(new FieldError("to", "la fin de la période précède son début", Value: to));
        var (kind, formatError) = TableExport.ReadFormat(format);
        if (formatError is not null) errors.Add(formatError);
        if (errors.Count > 0) return Results.Problem(Problems.Invalid(errors));
        if (await session.LoadAsync<Site>(siteId, ct) is null) return Results.Problem(Problems.NotFound($"Site inconnu : {siteId}."));

        var name = $"echantillons-{siteId}" + (fromDay is { } f ? $"-du-{f:yyyy-MM-dd}" : "") + (toDay is { } t ? $"-au-{t:yyyy-MM-dd}" : "");
        await using var table = await TableExport.StartAsync(context.Response, kind!, name, SampleSheet.PreferredName, Columns, ct);
        await foreach (var s in DelaySampleReads.StreamAsync(session, siteId, fromDay, toDay, ct))
            await table.RowAsync(Row(s), ct);
        await table.FinishAsync(ct);
        return Results.Empty;
    }

    public static object?[] Row(StoredSample s) =>
    [
        s.SampleId, s.Indicator, Instant(s.Start), Instant(s.End), s.Method, s.Comment, s.Delay, UnitLabel(s.Unit), s.SampleDate,
        s.RecordedAt, s.RecordedBy, s.Voided ? "oui" : "non", s.VoidedAt, s.VoidedBy, s.VoidReason,
    ];

    /// <summary>The instant as Paris wall-clock time when that says it exactly; otherwise ISO 8601 text with its offset.</summary>
    public static object Instant(DateTimeOffset instant)
    {
        var wall = ParisTime.LocalTime(instant);
        var exact = instant.UtcTicks % TimeSpan.TicksPerSecond == 0 && !ParisTime.Zone.IsAmbiguousTime(wall);
        return exact ? instant : TimeZoneInfo.ConvertTime(instant, ParisTime.Zone).ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
    }

    public static string UnitLabel(string unit) => unit switch
    {
        "minutes" => "minutes",
        "seconds" => "secondes",
        "working_days" => "jours ouvrés",
        "calendar_days" => "jours calendaires",
        _ => unit,
    };
}
