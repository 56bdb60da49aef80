using System.Globalization;
using System.Text;
using ExcelDataReader;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Shared;

namespace NPS.Quality.Samples;

/// <summary>
/// Reads an <c>.xlsx</c> workbook (ExcelDataReader: typed cells, the number format of each, every row in order): the
/// sheet named « Échantillons » (without regard to case or accents), otherwise the first one; its first non-empty row
/// is the header, with the CSV's column names. Date cells (a number formatted as a date) and text dates are both
/// accepted: a date cell becomes the Paris wall-clock text <c>jj/mm/aaaa hh:mm:ss</c> (or <c>jj/mm/aaaa</c> when its
/// format shows no time), read then by the same rules as a CSV. Rows carry the row number the spreadsheet shows, so
/// that errors name the sheet, the row and the column letter (<see cref="Locate"/>).
/// </summary>
public static class SampleSheet
{
    public const string PreferredName = "Échantillons";

    static SampleSheet() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static CsvSampleFile Read(Stream seekable, out SheetPlace? place)
    {
        place = null;
        try
        {
            using var reader = ExcelReaderFactory.CreateOpenXmlReader(seekable, new ExcelReaderConfiguration { LeaveOpen = true });
            var wanted = SampleCsv.NormalizeHeader(PreferredName);
            var found = false;
            do
            {
                if (SampleCsv.NormalizeHeader(reader.Name ?? "") == wanted) { found = true; break; }
            } while (reader.NextResult());
            if (!found) reader.Reset();
            var sheet = reader.Name ?? "";

            var rowNumber = 0;
            SampleHeader? columns = null;
            var rows = new List<CsvSampleRow>();
            var letters = new Dictionary<string, string>();
            while (reader.Read())
            {
                rowNumber++;
                var cells = new string?[reader.FieldCount];
                for (var i = 0; i < cells.Length; i++) cells[i] = Text(reader, i);
                for (var i = 0; i < cells.Length; i++)
                    if (cells[i]?.Contains('\uFFFD') == true)
                        return new([], Problems.Invalid([new FieldError("fichier", $"feuille « {sheet} », cellule {Letter(i)}{rowNumber} : le caractère de " +
                            "remplacement « � » y figure déjà : le texte a été abîmé par un changement d'encodage avant d'arriver dans le classeur", rowNumber, cells[i])]));
                if (cells.All(string.IsNullOrWhiteSpace)) continue;

                if (columns is null)
                {
                    var (found2, problem) = SampleHeader.Find(cells, i => $"colonne {Letter(i)}", $"feuille « {sheet} », ligne {rowNumber}", rowNumber);
                    if (problem is not null) return new([], problem);
                    columns = found2!;
                    for (var k = 0; k < SampleHeader.Names.Length; k++)
                        if (columns.Indexes[k] >= 0) letters[SampleHeader.Names[k]] = Letter(columns.Indexes[k]);
                    continue;
                }
                string? Field(int i) => i < 0 || i >= cells.Length ? null : cells[i];
                var row = new SampleInput(Field(columns.SampleId), Field(columns.Indicator), Field(columns.Start), Field(columns.End),
                    Field(columns.Method), Field(columns.Comment));
                if (string.IsNullOrWhiteSpace(row.SampleId) && string.IsNullOrWhiteSpace(row.Indicator) && string.IsNullOrWhiteSpace(row.Start)
                    && string.IsNullOrWhiteSpace(row.End) && string.IsNullOrWhiteSpace(row.Method) && string.IsNullOrWhiteSpace(row.Comment))
                    continue;
                if (rows.Count == SampleCsv.MaxRows)
                    return new([], Problems.TooLarge($"Un classeur compte au plus {SampleCsv.MaxRows:N0} lignes d'échantillons : découpez-le."));
                rows.Add(new CsvSampleRow(rowNumber, row));
            }
            place = new SheetPlace(sheet, letters);
            if (columns is null)
                return new([], Problems.Invalid("fichier", $"la feuille « {sheet} » est vide : sa première ligne doit être l'en-tête " +
                    string.Join(" | ", SampleHeader.Names)));
            return rows.Count == 0
                ? new([], Problems.Invalid("fichier", $"la feuille « {sheet} » ne contient aucun échantillon (seulement l'en-tête)"))
                : new(rows, null);
        }
        catch (Exception e) when (e is not OperationCanceledException and not BadHttpRequestException)
        {
            return new([], Problems.Invalid("fichier", "classeur .xlsx illisible (fichier abîmé, protégé par mot de passe, ou pas un classeur Excel) : " +
                "ouvrez-le dans votre tableur et enregistrez-le à nouveau en .xlsx ou en CSV"));
        }
    }

    /// <summary>A cell as the text the sample rules read.</summary>
    private static string? Text(IExcelDataReader reader, int i)
    {
        var value = reader.GetValue(i);
        switch (value)
        {
            case null: return null;
            case string s: return s;
            case DateTime d:
            {
                var rounded = new DateTime((d.Ticks + TimeSpan.TicksPerSecond / 2) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond);
                var format = reader.GetNumberFormatString(i) ?? "";
                var showsTime = format.Contains('h', StringComparison.OrdinalIgnoreCase) || format.Contains("ss", StringComparison.OrdinalIgnoreCase);
                return !showsTime && rounded.TimeOfDay == TimeSpan.Zero
                    ? rounded.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)
                    : rounded.ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture);
            }
            case double n: return n.ToString("R", CultureInfo.InvariantCulture);
            case bool b: return b ? "VRAI" : "FAUX";
            case TimeSpan t: return t.ToString("c", CultureInfo.InvariantCulture);
            default: return Convert.ToString(value, CultureInfo.InvariantCulture);
        }
    }

    /// <summary>A, B, …, Z, AA, AB, … for a zero-based column index.</summary>
    public static string Letter(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) letters = (char)('A' + (n - 1) % 26) + letters;
        return letters;
    }

    /// <summary>
    /// The errors of a refused import re-worded for a sheet: each names the sheet, the cell (column letter and the row
    /// number the spreadsheet shows) and keeps its field, row, value and message.
    /// </summary>
    public static ProblemDetails Locate(ProblemDetails problem, SheetPlace place)
    {
        if (!problem.Extensions.TryGetValue("errors", out var e) || e is not IEnumerable<FieldError> list) return problem;
        var errors = list.Select(error =>
        {
            if (error.Line is null) return error with { Message = $"feuille « {place.Sheet} » : {error.Message}" };
            var cell = place.Letters.TryGetValue(error.Field, out var letter) ? $"cellule {letter}{error.Line}" : $"ligne {error.Line}";
            return error with { Message = $"feuille « {place.Sheet} », {cell} (colonne {error.Field}) : {error.Message}" };
        }).ToList();
        var first = errors.FirstOrDefault(x => x.Line is not null);
        var detail = first is null
            ? problem.Detail
            : $"{Fr.Count(errors.Select(x => x.Line).Distinct().Count(), "ligne invalide", "lignes invalides")}, {Fr.Count(errors.Count, "erreur")} : rien n'a été enregistré. Première : {first.Message}.";
        var located = Problems.Invalid(errors, detail);
        located.Status = problem.Status;
        located.Title = problem.Title;
        located.Extensions["sheet"] = place.Sheet;
        return located;
    }
}

/// <summary>Where a workbook's samples were read: the sheet, and the column letter of each sample column.</summary>
public sealed record SheetPlace(string Sheet, IReadOnlyDictionary<string, string> Letters);
