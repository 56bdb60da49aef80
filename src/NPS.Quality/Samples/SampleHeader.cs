using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Shared;

namespace NPS.Quality.Samples;

/// <summary>
/// Where the sample columns are in a header row (CSV or sheet): <c>identifiant</c>, <c>indicateur</c>, <c>debut</c>,
/// <c>fin</c> required, <c>methode</c> and <c>commentaire</c> optional, other columns ignored; names compared without
/// case, accents or surrounding spaces. A column named twice is refused (which one would count?). Pure.
/// </summary>
public sealed record SampleHeader(int SampleId, int Indicator, int Start, int End, int Method, int Comment)
{
    public static readonly string[] Names = ["identifiant", "indicateur", "debut", "fin", "methode", "commentaire"];

    /// <summary>The index of each named column (-1 when absent), in <see cref="Names"/> order.</summary>
    public IReadOnlyList<int> Indexes => [SampleId, Indicator, Start, End, Method, Comment];

    /// <param name="headers">the header cells, as read</param>
    /// <param name="describe">how a position is named in messages: "colonne 3" for a CSV, "colonne C" for a sheet</param>
    /// <param name="where">what says where the header was read, for the missing-column message (separator, sheet)</param>
    public static (SampleHeader? Columns, ProblemDetails? Problem) Find(IReadOnlyList<string?> headers, Func<int, string> describe,
        string where, int headerLine = 1)
    {
        var normalized = headers.Select(h => SampleCsv.NormalizeHeader(h ?? "")).ToList();
        var errors = new List<FieldError>();
        foreach (var name in Names)
        {
            var at = Enumerable.Range(0, normalized.Count).Where(i => normalized[i] == name).ToList();
            if (at.Count > 1)
                errors.Add(new FieldError(name, $"colonne nommée {(at.Count == 2 ? "deux" : at.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))} fois dans l'en-tête : {name} " +
                    $"({string.Join(", ", at.Select(describe))}) ; gardez-en une seule", headerLine, name));
        }
        if (errors.Count > 0) return (null, Problems.Invalid(errors));

        int Index(string name) => normalized.IndexOf(name);
        var missing = SampleCsv.Required.Where(r => Index(r) < 0).ToList();
        if (missing.Count > 0)
        {
            var read = string.Join(" | ", headers.Select(h => h ?? "").Take(12));
            var expected = $"colonnes attendues : {string.Join(", ", SampleCsv.Required)} (et, facultatives, methode, commentaire)";
            return (null, Problems.Invalid(
                missing.Select(h => new FieldError(h, $"colonne obligatoire absente de l'en-tête : {h} ; {where} ; {expected} ; en-tête lu : {read}", headerLine)).ToList(),
                $"En-tête non reconnu ({where}) : {string.Join(", ", missing)} absente(s). {char.ToUpperInvariant(expected[0])}{expected[1..]}. " +
                $"En-tête lu : {read}."));
        }
        return (new SampleHeader(Index("identifiant"), Index("indicateur"), Index("debut"), Index("fin"), Index("methode"), Index("commentaire")), null);
    }
}
