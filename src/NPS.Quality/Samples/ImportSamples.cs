using System.Globalization;
using System.Text;
using CsvHelper;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Referentials;
using NPS.Quality.Shared;
using Wolverine;
using Wolverine.Http;

namespace NPS.Quality.Samples;

/// <summary>One data row of an import file, at its physical line.</summary>
public sealed record CsvSampleRow(int Line, SampleInput Input);

/// <summary>The rows of a file, or the problem that stops reading it (empty, missing column, too large, malformed).</summary>
public sealed record CsvSampleFile(IReadOnlyList<CsvSampleRow> Rows, ProblemDetails? Problem);

/// <summary>
/// The import format, as a French spreadsheet exports it: <c>;</c> separator, UTF-8 with or without BOM, a header
/// <c>identifiant;indicateur;debut;fin;methode;commentaire</c> matched without regard to case, accents or surrounding
/// spaces (<c>methode</c> and <c>commentaire</c> optional, other columns ignored). Empty lines, and lines whose fields
/// are all empty (trailing <c>;;;;</c> rows of a spreadsheet), are skipped. Line numbers are physical lines of the file
/// (the header is line 1), even after quoted fields spanning several lines.
/// </summary>
public static class SampleCsv
{
    public const int MaxRows = 100_000;
    public const long MaxBytes = 20L * 1024 * 1024;
    public static readonly string[] Required = ["identifiant", "indicateur", "debut", "fin"];

    public static string NormalizeHeader(string name)
    {
        var decomposed = name.Trim().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) builder.Append(char.ToLowerInvariant(c));
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    public static Task<CsvSampleFile> ReadAsync(Stream input, CancellationToken ct) => ReadAsync(input, null, ct);

    /// <summary>The separators a header may use, in the order a tie is settled.</summary>
    public static readonly char[] Separators = [';', ',', '\t'];

    /// <summary>
    /// Reads a CSV file: decoded by <see cref="SampleText"/> (the <paramref name="encoding"/> named by the Content-Type's
    /// charset, or detected), its separator detected from the header line (<c>;</c>, <c>,</c> or tab: the one it holds
    /// most of, <c>;</c> on a tie).
    /// </summary>
    public static async Task<CsvSampleFile> ReadAsync(Stream input, string? encoding, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, ct);
        var decoded = SampleText.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), encoding);
        if (decoded.Problem is not null) return new([], decoded.Problem);
        return await ReadTextAsync(decoded.Text!, decoded.EncodingName, ct);
    }

    /// <summary>The separator of a header line: the candidate it holds most of outside quotes, <c>;</c> on a tie.</summary>
    public static char DetectSeparator(string text)
    {
        var counts = new int[Separators.Length];
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && c is '\n' or '\r') break;
            else if (!quoted && Array.IndexOf(Separators, c) is var i and >= 0) counts[i]++;
        }
        var best = 0;
        for (var i = 1; i < counts.Length; i++) if (counts[i] > counts[best]) best = i;
        return Separators[best];
    }

    public static string SeparatorName(char separator) => separator switch
    {
        ';' => "« ; » (point-virgule)",
        ',' => "« , » (virgule)",
        '\t' => "tabulation",
        _ => $"« {separator} »",
    };

    private static async Task<CsvSampleFile> ReadTextAsync(string text, string encodingName, CancellationToken ct)
    {
        var separator = DetectSeparator(text);
        var options = CsvReaderOptions.Default with
        {
            Separator = separator,
            TrackLineNumbers = true,
            NormalizeHeaderName = NormalizeHeader,
            SkipEmptyLines = true,
            DetectSeparatorHint = false,
        };
        var rows = new List<CsvSampleRow>();
        try
        {
            await using var reader = CsvReader.Create(new StringReader(text), options, false);
            await reader.ReadHeaderAsync(ct);
            if (reader.Headers.Count == 0 || reader.Headers.All(string.IsNullOrWhiteSpace))
                return new([], Problems.Invalid("fichier", "le fichier est vide : la première ligne doit être l'en-tête " + string.Join(';', SampleFieldNames.Csv.AllNames())));

            var twice = reader.Headers.Select(NormalizeHeader).Where(h => h.Length > 0).GroupBy(h => h).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            if (twice.Count > 0)
                return new([], Problems.Invalid(twice.Select(h => new FieldError(h, $"colonne nommée deux fois dans l'en-tête : {h}", 1)).ToList()));
            var (columns, problem) = SampleHeader.Find(reader.Headers.ToList(), i => $"colonne {i + 1}",
                $"séparateur détecté : {SeparatorName(separator)}, encodage {encodingName}");
            if (problem is not null) return new([], problem);
            int id = columns!.SampleId, indicator = columns.Indicator, start = columns.Start, end = columns.End,
                method = columns.Method, comment = columns.Comment;

            while (await reader.ReadAsync(ct))
            {
                string? Field(int i) => i < 0 || i >= reader.FieldCount ? null : reader.GetString(i);
                var row = new SampleInput(Field(id), Field(indicator), Field(start), Field(end), Field(method), Field(comment));
                if (string.IsNullOrWhiteSpace(row.SampleId) && string.IsNullOrWhiteSpace(row.Indicator) && string.IsNullOrWhiteSpace(row.Start)
                    && string.IsNullOrWhiteSpace(row.End) && string.IsNullOrWhiteSpace(row.Method) && string.IsNullOrWhiteSpace(row.Comment))
                    continue;
                if (rows.Count == MaxRows)
                    return new([], Problems.TooLarge($"Un fichier compte au plus {MaxRows:N0} lignes d'échantillons : découpez-le."));
                rows.Add(new CsvSampleRow((int)reader.LineNumber, row));
            }
        }
        catch (CsvFormatException e)
        {
            return new([], Problems.Invalid([new FieldError("fichier", "ligne CSV mal formée (guillemets ?)", e.LineNumber > 0 ? (int)e.LineNumber : null)]));
        }

        return rows.Count == 0
            ? new([], Problems.Invalid("fichier", "le fichier ne contient aucun échantillon (seulement l'en-tête)"))
            : new(rows, null);
    }

    private static IEnumerable<string> AllNames(this SampleFieldNames n) => [n.SampleId, n.Indicator, n.Start, n.End, n.Method, n.Comment];

    /// <summary>Checks every row; the errors name every bad row (line, column, value, message).</summary>
    public static (List<(RecordedSample Sample, int Line)> Samples, List<FieldError> Errors) Check(
        IReadOnlyList<CsvSampleRow> rows, ReferentialDefinition referential)
    {
        // Rows are independent: checked in chunks on every core, then merged in file order.
        var parts = new (List<(RecordedSample, int)> Samples, List<FieldError> Errors)[ChunkCount(rows)];
        Parallel.For(0, parts.Length, p => parts[p] = CheckChunk(rows, p, referential));
        var errors = parts.SelectMany(p => p.Errors).ToList();
        var samples = new List<(RecordedSample Sample, int Line)>(rows.Count);
        foreach (var part in parts) samples.AddRange(part.Samples);
        SampleRules.CheckDistinctIds(samples, "identifiant", lines: true, errors);
        // Stable: a line's errors stay in field order, as a large import lists them (LargeImport).
        return (samples, errors.OrderBy(e => e.Line ?? 0).ToList());
    }

    /// <summary>Rows are checked in chunks of this many (on every core; a large import copies each chunk once checked).</summary>
    public const int ChunkSize = 1_000;

    public static int ChunkCount(IReadOnlyList<CsvSampleRow> rows) => (rows.Count + ChunkSize - 1) / ChunkSize;

    /// <summary>The rows of chunk <paramref name="chunk"/> checked, in file order, with their errors in line order.</summary>
    public static (List<(RecordedSample Sample, int Line)> Samples, List<FieldError> Errors) CheckChunk(
        IReadOnlyList<CsvSampleRow> rows, int chunk, ReferentialDefinition referential)
    {
        var errors = new List<FieldError>();
        var samples = new List<(RecordedSample, int)>(ChunkSize);
        for (var i = chunk * ChunkSize; i < Math.Min(rows.Count, (chunk + 1) * ChunkSize); i++)
        {
            var row = rows[i];
            var sample = SampleRules.Check(row.Input, referential, allowLocalDates: true, SampleFieldNames.Csv, row.Line, errors);
            if (sample is not null) samples.Add((sample, row.Line));
        }
        return (samples, errors);
    }

    /// <summary>
    /// Whether every row names an id of its own (after trimming). A file that uses an id twice is refused whatever its other
    /// rows hold (both rows valid: the duplicate; either one invalid: that row).
    /// </summary>
    public static bool IdsAreDistinct(IReadOnlyList<CsvSampleRow> rows)
    {
        var seen = new HashSet<string>(rows.Count, StringComparer.Ordinal);
        foreach (var row in rows)
            if (!seen.Add(row.Input.SampleId?.Trim() ?? "")) return false;
        return true;
    }

    /// <summary>The 400 of a file with bad rows: how many, and the first, in one sentence; every error listed.</summary>
    public static ProblemDetails Refusal(IReadOnlyList<FieldError> errors) => Problems.Invalid(errors,
        $"{Fr.Count(errors.Select(e => e.Line).Distinct().Count(), "ligne invalide", "lignes invalides")}, {Fr.Count(errors.Count, "erreur")} : rien n'a été enregistré. " +
        $"Première : ligne {errors[0].Line}, {errors[0].Field} : {errors[0].Message}.");
}

/// <summary>Reads at most <c>limit</c> bytes, then answers 413 (through the global exception handler).</summary>
internal sealed class LimitedReadStream(Stream inner, long limit) : Stream
{
    private long _read;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        => Count(await inner.ReadAsync(buffer, ct));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct)
        => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    private int Count(int n)
    {
        _read += n;
        if (_read > limit)
            throw new BadHttpRequestException("Le fichier dépasse la taille autorisée.", StatusCodes.Status413PayloadTooLarge);
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>The rows of one file (read by the edge that received it: the API or the samples page), all or nothing.</summary>
public sealed record ImportSamples(string SiteId, IReadOnlyList<CsvSampleRow> Rows);

public static class ImportSamplesHandler
{
    /// <summary>Checks every row, sorts out duplicates and appends — or the French problem that rejects the file (nothing written).</summary>
    public static async Task<Outcome<RecordingResult>> Handle(ImportSamples command, IDocumentSession session, ReferentialCatalog catalog,
        IMessageContext context, TimeProvider clock, CancellationToken ct)
    {
        var (who, now) = (context.Who(), clock.GetUtcNow());
        // The stored ids are read on a separate read session, since nothing is written yet (a concurrent writer still hits
        // the key): a large file probes a few of them while its rows are copied (LargeImport); otherwise all of them are
        // looked up (I/O) while the rows are checked (CPU).
        var ids = command.Rows.Select(r => r.Input.SampleId?.Trim()).OfType<string>()
            // Only ids that can pass the row checks are looked up: a NUL would make PostgreSQL refuse the whole query.
            .Where(id => id.Length is > 0 and <= SampleRules.MaxIdLength && Bounds.IndexOfControl(id) < 0).Distinct().ToArray();
        await using var lookup = session.DocumentStore.QuerySession();
        if (LargeImport.Applies(command.Rows))
        {
            var (_, referential, missing) = await SampleWriting.LoadAsync(session, catalog, command.SiteId, now, ct);
            if (missing is not null) return Outcome<RecordingResult>.Refused(missing);
            if (await LargeImport.WriteAsync(session, command.SiteId, referential!, command.Rows, ids,
                    some => SampleWriting.StoredHashesAsync(lookup, command.SiteId, some, ct), who, now, ct) is { } written)
                return written;
        }
        return await SampleWriting.WriteAsync(session, catalog, command.SiteId, who, now, referential =>
            {
                var (samples, errors) = SampleCsv.Check(command.Rows, referential);
                return errors.Count == 0 ? (samples.Select(s => s.Sample).ToList(), null) : ([], SampleCsv.Refusal(errors));
            },
            (_, result) => Outcome<RecordingResult>.Ok(result), ct, () => SampleWriting.StoredHashesAsync(lookup, command.SiteId, ids, ct));
    }

    /// <summary>
    /// Reads a file (CSV or .xlsx, see <see cref="SampleFiles"/>) and sends its rows: what the endpoint and the samples
    /// page both do. A workbook's refusals name the sheet, the row and the column letter.
    /// </summary>
    public static async Task<Outcome<RecordingResult>> ImportAsync(this IMessageBus bus, string siteId, Stream file, string? contentType, CancellationToken ct)
    {
        var (read, place) = await SampleFiles.ReadAsync(file, contentType, ct);
        if (read.Problem is not null) return Outcome<RecordingResult>.Refused(read.Problem);
        var outcome = await bus.SendAsync<RecordingResult>(new ImportSamples(siteId, read.Rows), ct);
        return outcome.Problem is { } problem && place is not null ? Outcome<RecordingResult>.Refused(SampleSheet.Locate(problem, place)) : outcome;
    }
}

public static class ImportSamplesEndpoint
{
    /// <summary>
    /// A <c>text/csv</c> file (see <see cref="SampleCsv"/>: UTF-8 or Windows-1252, <c>;</c>, <c>,</c> or tab) or an
    /// <c>.xlsx</c> workbook (see <see cref="SampleSheet"/>), all or nothing: <c>{ accepted, duplicates }</c>, or 400 listing
    /// every bad row, 409 for ids already holding another sample, 413 over 20 MB or 100,000 rows, 415 for another kind of file.
    /// </summary>
    [WolverinePost("/api/sites/{siteId}/samples/import"), Authorize(Policy = Policies.SampleWriter)]
    [ProducesResponseType(typeof(RecordingResult), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409),
     ProducesResponseType(typeof(ProblemDetails), 413), ProducesResponseType(typeof(ProblemDetails), 415)]
    public static async Task<IResult> Post(string siteId, HttpRequest request, IMessageBus bus, CancellationToken ct)
    {
        if (request.ContentLength > SampleCsv.MaxBytes)
            return Results.Problem(Problems.TooLarge("Le fichier dépasse 20 Mo : découpez-le."));
        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false }) sizeFeature.MaxRequestBodySize = SampleCsv.MaxBytes;

        return (await bus.ImportAsync(siteId, new LimitedReadStream(request.Body, SampleCsv.MaxBytes), request.ContentType, ct)).ToResult();
    }
}
