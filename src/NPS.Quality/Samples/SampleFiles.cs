using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using NPS.Quality.Shared;

namespace NPS.Quality.Samples;

/// <summary>
/// The files an import accepts, told apart by their Content-Type and their first bytes: CSV (<c>text/csv</c>, with or
/// without <c>charset</c>) and <c>.xlsx</c>. A workbook is recognised by its bytes even when sent as CSV or without a
/// type. <c>.ods</c> and <c>.xls</c> are answered 415 saying to save as <c>.xlsx</c> or CSV (no well-kept .NET library
/// served here reads ODS); anything else 415 saying what is accepted.
/// </summary>
public static class SampleFiles
{
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Ods = "application/vnd.oasis.opendocument.spreadsheet";
    public const string Csv = "text/csv";

    private static readonly string[] CsvTypes = ["text/csv", "application/csv", "text/plain", "text/tab-separated-values", "text/comma-separated-values", "application/vnd.ms-excel"];

    public const string Accepted = "Fichiers acceptés : CSV (text/csv, séparateur « ; », « , » ou tabulation, en UTF-8 ou Windows-1252) " +
        "ou classeur Excel .xlsx (" + Xlsx + ").";

    public static ProblemDetails Unsupported(string detail) => new()
    {
        Status = StatusCodes.Status415UnsupportedMediaType,
        Title = "Type de fichier non accepté",
        Detail = $"{detail} {Accepted}",
    };

    /// <summary>The rows of an uploaded file, and for a workbook where they were read (to name sheet, row and column in errors).</summary>
    public static async Task<(CsvSampleFile File, SheetPlace? Place)> ReadAsync(Stream input, string? contentType, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        var head = buffer.GetBuffer().AsSpan(0, (int)Math.Min(buffer.Length, 128));

        MediaTypeHeaderValue.TryParse(contentType, out var media);
        var type = media?.MediaType.Value?.ToLowerInvariant();
        var charset = media?.Charset.Value;

        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            if (head.IndexOf("opendocument"u8) >= 0 || type == Ods)
                return (new([], Unsupported("Les classeurs OpenDocument (.ods) ne sont pas lus : dans LibreOffice, « Enregistrer sous » au format " +
                    "Excel 2007-365 (.xlsx) ou CSV, puis envoyez ce fichier.")), null);
            if (type is null or Xlsx or "application/octet-stream" || CsvTypes.Contains(type))
            {
                var file = SampleSheet.Read(buffer, out var place);
                return (file, place);
            }
        }
        else if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0]))
            return (new([], Unsupported("Les classeurs Excel 97-2003 (.xls) ne sont pas lus : enregistrez-le au format .xlsx ou CSV.")), null);

        if (type == Ods)
            return (new([], Unsupported("Les classeurs OpenDocument (.ods) ne sont pas lus : enregistrez-le au format .xlsx ou CSV.")), null);
        if (type == Xlsx)
            return (new([], Problems.Invalid("fichier", "le fichier annoncé .xlsx n'est pas un classeur Excel (il ne commence pas comme un fichier .xlsx)")), null);
        if (type is null or "application/octet-stream" || CsvTypes.Contains(type))
        {
            string? encoding = null;
            if (!string.IsNullOrWhiteSpace(charset) && (encoding = SampleText.Named(charset)) is null)
                return (new([], Unsupported($"Encodage non accepté : charset={charset} (acceptés : UTF-8 et Windows-1252).")), null);
            return (await SampleCsv.ReadAsync(buffer, encoding, ct), null);
        }
        return (new([], Unsupported($"Type de fichier non accepté : {type}.")), null);
    }

    /// <summary>The Content-Type to read a browser upload with: the file name's extension first (browsers vary), then what the browser said.</summary>
    public static string? TypeOfUpload(string? fileName, string? browserType) => Path.GetExtension(fileName ?? "").ToLowerInvariant() switch
    {
        ".xlsx" => Xlsx,
        ".ods" => Ods,
        ".csv" or ".txt" or ".tsv" => Csv,
        _ => browserType,
    };
}
