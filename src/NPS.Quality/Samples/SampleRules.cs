using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NPS.Quality.Referentials;

namespace NPS.Quality.Samples;

/// <summary>A sample as a client sends it (JSON body, batch item or CSV row): text, not yet checked.</summary>
public sealed record SampleInput(string? SampleId, string? Indicator, string? Start, string? End, string? Method, string? Comment);

/// <summary>How the fields of a sample are named in errors: JSON names, or the CSV column names.</summary>
public sealed record SampleFieldNames(string SampleId, string Indicator, string Start, string End, string Method, string Comment)
{
    public static readonly SampleFieldNames Json = new("sampleId", "indicator", "start", "end", "method", "comment");
    public static readonly SampleFieldNames Csv = new("identifiant", "indicateur", "debut", "fin", "methode", "commentaire");

    public SampleFieldNames Prefixed(string prefix)
        => new(prefix + SampleId, prefix + Indicator, prefix + Start, prefix + End, prefix + Method, prefix + Comment);
}

/// <summary>
/// Checks one sample against the site's referential version and computes its delay. Pure.
/// An absent method defaults to <c>auto_mesure</c> when the indicator accepts it (the least independent method, so
/// an auditor who excludes self-measurement also excludes undeclared samples); otherwise it is required.
/// </summary>
public static class SampleRules
{
    public const int MaxIdLength = 100;
    public const int MaxCommentLength = 1_000;
    public const string DefaultMethod = "auto_mesure";

    public static RecordedSample? Check(SampleInput input, ReferentialDefinition referential, bool allowLocalDates,
        SampleFieldNames names, int? line, List<FieldError> errors)
    {
        var before = errors.Count;
        void Error(string field, string message, string? value) => errors.Add(new FieldError(field, message, line, value));

        var sampleId = input.SampleId?.Trim();
        if (string.IsNullOrEmpty(sampleId)) Error(names.SampleId, "l'identifiant de l'échantillon est obligatoire", input.SampleId);
        else if (sampleId.Length > MaxIdLength) Error(names.SampleId, $"l'identifiant dépasse {MaxIdLength} caractères", sampleId);

        Indicator? indicator = null;
        var code = input.Indicator?.Trim();
        if (string.IsNullOrEmpty(code)) Error(names.Indicator, "l'indicateur est obligatoire", input.Indicator);
        else if ((indicator = Find(referential, code)) is null)
            Error(names.Indicator, $"indicateur inconnu dans le référentiel {referential.Id} {referential.Version}", code);

        var start = ReadDate(input.Start, names.Start, "le début", allowLocalDates, indicator, Error);
        var end = ReadDate(input.End, names.End, "la fin", allowLocalDates, indicator, Error);
        if (start is { } s && end is { } e)
        {
            if (e < s) Error(names.End, "la fin précède le début", input.End);
            else if (indicator is not null && DelayCalculator.CheckSpan(indicator.Unit, s, e) is { } tooLong) Error(names.End, tooLong, input.End);
        }

        var method = string.IsNullOrWhiteSpace(input.Method) ? null : input.Method.Trim();
        if (method is null)
        {
            if (indicator is not null)
            {
                if (indicator.Methods.Contains(DefaultMethod)) method = DefaultMethod;
                else Error(names.Method, $"la méthode de mesure est obligatoire pour {indicator.Code} (acceptées : {string.Join(", ", indicator.Methods)})", input.Method);
            }
        }
        else if (!MeasurementMethods.IsKnown(method))
            Error(names.Method, $"méthode de mesure inconnue (connues : {string.Join(", ", MeasurementMethods.Labels.Keys)})", method);
        else if (indicator is not null && !indicator.Methods.Contains(method))
            Error(names.Method, $"méthode non acceptée pour {indicator.Code} (acceptées : {string.Join(", ", indicator.Methods)})", method);

        var comment = string.IsNullOrWhiteSpace(input.Comment) ? null : input.Comment.Trim();
        if (comment is { Length: > MaxCommentLength })
            Error(names.Comment, $"le commentaire dépasse {MaxCommentLength} caractères", comment[..50] + "…");

        // Every path (JSON, batch, CSV, spreadsheet) meets the same text bound: no control character but tab, CR, LF.
        foreach (var (field, text) in new[] { (names.SampleId, input.SampleId), (names.Indicator, input.Indicator), (names.Start, input.Start),
                     (names.End, input.End), (names.Method, input.Method), (names.Comment, input.Comment) })
            if (Bounds.IndexOfControl(text) is var at and >= 0) Error(field, Bounds.ControlMessage(text!, at), null);

        if (errors.Count > before || indicator is null || start is null || end is null || method is null || sampleId is null) return null;

        var delay = DelayCalculator.Delay(indicator.Unit, start.Value, end.Value);
        return RecordedSample.Of(sampleId, indicator.Code, start.Value, end.Value, method, comment, delay, indicator.Unit.Code());
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ReferentialDefinition, Dictionary<string, Indicator>> IndicatorsByCode = new();

    private static Indicator? Find(ReferentialDefinition referential, string code)
        => IndicatorsByCode.GetValue(referential, r => r.Indicators.ToDictionary(i => i.Code, StringComparer.Ordinal))
            .GetValueOrDefault(code);

    private static DateTimeOffset? ReadDate(string? text, string field, string what, bool allowLocal, Indicator? indicator,
        Action<string, string, string?> error)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            error(field, $"{what} est obligatoire", text);
            return null;
        }
        var (instant, problem) = ParisTime.Read(text, allowLocal);
        if (instant is null)
        {
            error(field, problem!, text);
            return null;
        }
        if (Bounds.CheckInstant(instant.Value.Value) is { } outside)
        {
            error(field, outside, text);
            return null;
        }
        if (!instant.Value.HasTime && indicator is not null && !indicator.Unit.IsDayBased())
        {
            error(field, $"une date sans heure n'est acceptée que pour un indicateur en jours ({indicator.Code} se mesure en {indicator.Unit.Code()})", text);
            return null;
        }
        return instant.Value.Value;
    }

    /// <summary>
    /// What makes two submissions of one id "the same sample": indicator, the two instants (whatever the notation),
    /// method and comment.
    /// </summary>
    public static string Hash(string indicator, DateTimeOffset start, DateTimeOffset end, string method, string? comment)
    {
        // The first 32 hex digits of SHA-256 over the UTF-8 of "indicator\nstartTicks\nendTicks\nmethod\ncomment" (UTC ticks),
        // as stored since the first sample: written into one buffer, without the intermediate strings (an import hashes
        // 100,000 samples).
        var length = Encoding.UTF8.GetMaxByteCount(indicator.Length + method.Length + (comment?.Length ?? 0)) + 2 * 20 + 4;
        var rented = length > 1024 ? System.Buffers.ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            var buffer = rented is null ? stackalloc byte[length] : rented.AsSpan(0, length);
            var at = Encoding.UTF8.GetBytes(indicator, buffer);
            buffer[at++] = (byte)'\n';
            start.UtcTicks.TryFormat(buffer[at..], out var written, default, CultureInfo.InvariantCulture);
            at += written;
            buffer[at++] = (byte)'\n';
            end.UtcTicks.TryFormat(buffer[at..], out written, default, CultureInfo.InvariantCulture);
            at += written;
            buffer[at++] = (byte)'\n';
            at += Encoding.UTF8.GetBytes(method, buffer[at..]);
            buffer[at++] = (byte)'\n';
            if (comment is not null) at += Encoding.UTF8.GetBytes(comment, buffer[at..]);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer[..at], hash);
            return Convert.ToHexStringLower(hash[..16]);
        }
        finally
        {
            if (rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Errors for an id used twice in one request (the later lines name the first).</summary>
    public static void CheckDistinctIds(IReadOnlyList<(RecordedSample Sample, int Line)> samples, string field, bool lines, List<FieldError> errors)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (sample, line) in samples)
        {
            if (first.TryGetValue(sample.SampleId, out var at))
                errors.Add(new FieldError(lines ? field : $"[{line - 1}].{field}",
                    lines ? $"identifiant en double dans le fichier (déjà ligne {at})" : $"identifiant en double dans le lot (déjà l'élément {at - 1})",
                    lines ? line : null, sample.SampleId));
            else first[sample.SampleId] = line;
        }
    }
}
