using System.Globalization;
using Marten;
using NPS.Quality.Infrastructure;
using NPS.Quality.Referentials;
using NPS.Quality.Samples;

namespace NPS.Quality.Compliance;

/// <summary>
/// What a compliance question asks: a period of Paris dates (sample start dates, both ends included, at most 366 days),
/// the instant it is asked as of (default: now; never in the future), and the methods that count (default: all).
/// </summary>
public sealed record ComplianceQuery(DateOnly From, DateOnly To, DateTimeOffset AsOf, bool AsOfGiven, IReadOnlyList<string>? Methods)
{
    public const int MaxDays = 366;

    public static (ComplianceQuery? Query, List<FieldError> Errors) Read(string? from, string? to, string? asOf, string? methods, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        var fromDay = Day(from, "from", errors);
        var toDay = Day(to, "to", errors);
        if (fromDay is { } f && toDay is { } t)
        {
            if (f > t) errors.Add(new FieldError("to", "la fin de la période précède son début", Value: to));
            else if (t.DayNumber - f.DayNumber + 1 > MaxDays) errors.Add(new FieldError("to", $"la période dépasse {MaxDays} jours", Value: to));
        }

        var instant = now;
        var given = !string.IsNullOrWhiteSpace(asOf);
        if (given)
        {
            // A "+" left unencoded in a query string arrives as a space.
            var (read, error) = ParisTime.Read(asOf!.Trim().Replace(' ', '+'), allowLocal: false);
            if (read is null) errors.Add(new FieldError("asOf", error!, Value: asOf));
            else if (read.Value.Value > now) errors.Add(new FieldError("asOf", "asOf ne peut pas être dans le futur", Value: asOf));
            else instant = read.Value.Value;
        }

        List<string>? methodList = null;
        if (!string.IsNullOrWhiteSpace(methods))
        {
            methodList = methods.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
            foreach (var unknown in methodList.Where(m => !MeasurementMethods.IsKnown(m)))
                errors.Add(new FieldError("methods", $"méthode de mesure inconnue (connues : {string.Join(", ", MeasurementMethods.Labels.Keys)})", Value: unknown));
            if (methodList.Count == 0) methodList = null;
        }

        return errors.Count > 0 || fromDay is null || toDay is null
            ? (null, errors)
            : (new ComplianceQuery(fromDay.Value, toDay.Value, instant, given, methodList), errors);
    }

    private static DateOnly? Day(string? text, string field, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new FieldError(field, "date obligatoire (aaaa-mm-jj)"));
            return null;
        }
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        errors.Add(new FieldError(field, "date illisible : attendu aaaa-mm-jj", Value: text));
        return null;
    }

    /// <summary>
    /// The delays that count, by site and indicator: samples of the period recorded by <see cref="AsOf"/> and not voided
    /// by then, of the chosen methods; one site, or every site when <paramref name="siteId"/> is null.
    /// </summary>
    public Task<Dictionary<(string Site, string Indicator), List<decimal>>> DelaysAsync(IQuerySession session, string? siteId, CancellationToken ct)
        => DelaySampleReads.DelaysAsOfAsync(session, siteId, From, To, AsOf, Methods, ct);
}
