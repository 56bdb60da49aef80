using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using Wolverine.Http;

namespace NPS.Quality.Samples;

public sealed record SampleView(
    string SampleId, string Indicator, DateTimeOffset Start, DateTimeOffset End, DateOnly SampleDate, decimal Delay, string Unit,
    string Method, string? Comment, DateTimeOffset RecordedAt, string RecordedBy,
    bool Voided, DateTimeOffset? VoidedAt, string? VoidReason, string? VoidedBy);

public sealed record SamplePage(int Page, int PageSize, int Total, IReadOnlyList<SampleView> Items);

public static class SamplePages
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>Reads a yyyy-MM-dd query value; adds a French error when it does not parse.</summary>
    public static DateOnly? ReadDay(string? text, string field, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors.Add(new FieldError(field, "date illisible : attendu aaaa-mm-jj", Value: text));
        return null;
    }

    /// <summary>A page of the site's samples: what the API and the samples page both read.</summary>
    public static Task<Outcome<SamplePage>> PageAsync(IQuerySession session, string siteId, string? indicator, string? from, string? to,
        int? page, int? pageSize, CancellationToken ct)
        => PageAsync(session, siteId, indicator, from, to, page, pageSize, new SampleFilter(), ct);

    /// <summary>
    /// The same page with the samples page's further filters (<paramref name="more"/>: method, voided, within the
    /// threshold, a piece of the id; its indicator and dates are ignored, read from the text arguments here).
    /// </summary>
    public static async Task<Outcome<SamplePage>> PageAsync(IQuerySession session, string siteId, string? indicator, string? from, string? to,
        int? page, int? pageSize, SampleFilter more, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var fromDay = ReadDay(from, "from", errors);
        var toDay = ReadDay(to, "to", errors);
        if (fromDay > toDay) errors.Add(new FieldError("to", "la fin de la période précède son début", Value: to));
        var p = page ?? 1;
        var size = pageSize ?? DefaultPageSize;
        Bounds.CheckPage(p, size, MaxPageSize, errors);
        if (errors.Count > 0) return Outcome<SamplePage>.Invalid(errors);

        var (rows, total) = await DelaySampleReads.PageAsync(session, siteId, more with { Indicator = indicator, From = fromDay, To = toDay }, p, size, ct);
        var items = rows.Select(r => new SampleView(r.SampleId, r.Indicator, r.Start, r.End, r.SampleDate, r.Delay, r.Unit, r.Method, r.Comment,
            r.RecordedAt, r.RecordedBy, r.Voided, r.VoidedAt, r.VoidReason, r.VoidedBy)).ToList();
        return Outcome<SamplePage>.Ok(new SamplePage(p, size, total, items));
    }
}

public static class GetSamplesEndpoint
{
    /// <summary>
    /// The site's samples, newest first (by start, then id), voided ones included and marked. Filters: indicator, and
    /// from/to on the Paris date of the start (inclusive).
    /// </summary>
    [WolverineGet("/api/sites/{siteId}/samples"), Authorize(Policy = Policies.SiteReader)]
    [ProducesResponseType(typeof(SamplePage), 200), ProducesResponseType(typeof(ProblemDetails), 400)]
    public static async Task<IResult> Get(string siteId, string? indicator, string? from, string? to, int? page, int? pageSize,
        IQuerySession session, CancellationToken ct)
        => (await SamplePages.PageAsync(session, siteId, indicator, from, to, page, pageSize, ct)).ToResult();
}
