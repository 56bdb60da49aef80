using System.Text.RegularExpressions;

namespace NPS.Quality.Dossiers;

/// <summary>
/// A dossier goes to an external body and to the public's representatives: no developer vocabulary. <see cref="Forbidden"/>
/// is the list a test scans both dossiers and the poster for; <see cref="Sentences"/> keeps, of a text written elsewhere
/// (a referential's source note), only the sentences free of it.
/// </summary>
public static partial class PlainLanguage
{
    /// <summary>Words and phrases that never appear in a printed document (compared case-insensitively, as whole words).</summary>
    public static readonly IReadOnlyList<string> Forbidden =
    [
        "YAML", "JSON", "API", "POST", "GET", "/api/", "endpoint", "route", "HTTP", "URL", "fichier de modèle", ".yaml", ".yml",
        "sans changement de code", "sans toucher au code", "changement de code", "code source", "base de données", "PostgreSQL", "Marten",
        "Wolverine", "null", "true", "false", "snapshot", "template", "stream", "hash", "UTC",
    ];

    public static IReadOnlyList<string> FoundIn(string text)
        => Forbidden.Where(word => Regex.IsMatch(text, Pattern(word), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)).ToList();

    /// <summary>The sentences of <paramref name="text"/> that contain no forbidden word, joined again.</summary>
    public static string Sentences(string text)
        => string.Join(' ', SentenceEnd().Split(text.Trim()).Where(s => s.Length > 0 && FoundIn(s).Count == 0));

    private static string Pattern(string word)
        => (char.IsLetterOrDigit(word[0]) ? @"(?<![\p{L}\p{N}])" : "") + Regex.Escape(word) + (char.IsLetterOrDigit(word[^1]) ? @"(?![\p{L}\p{N}])" : "");

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();
}
