using Microsoft.AspNetCore.Http;

namespace NPS.Quality.Infrastructure;

/// <summary>
/// Wolverine writes its own English ProblemDetails for an unreadable JSON body or query value; users read
/// French, so those are translated on their way out, keeping the position they name.
/// </summary>
public static class FrenchProblems
{
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        // Answers with no body of ours (unknown route, wrong method or content type, crash) get ASP.NET's English
        // default title: give them French words, keeping the status.
        if (problem.Detail is null && problem.Status is { } status && DefaultTitles.TryGetValue(status, out var french))
        {
            problem.Title = french.Title;
            problem.Detail = french.Detail;
        }
        switch (problem.Title)
        {
            case "Invalid JSON format":
                var line = problem.Extensions.TryGetValue("lineNumber", out var l) ? Convert.ToInt64(l) + 1 : 1;
                var position = problem.Extensions.TryGetValue("bytePositionInLine", out var p) ? p : 0;
                var path = ExtractPath(problem.Detail);
                problem.Title = "Requête invalide";
                problem.Detail = $"Le corps de la requête n'est pas un JSON valide{(path is null ? "" : $" (champ {path})")}, ligne {line}, position {position}.";
                problem.Extensions["errors"] = new[] { new FieldError(path ?? "corps", "JSON invalide ou valeur d'un type inattendu", (int)line) };
                break;
            case "Invalid query string value":
                var parameter = problem.Extensions.TryGetValue("parameter", out var name) ? name?.ToString() ?? "?" : "?";
                problem.Title = "Requête invalide";
                problem.Detail = $"Le paramètre « {parameter} » a une valeur illisible.";
                problem.Extensions["errors"] = new[] { new FieldError(parameter, "valeur illisible") };
                break;
        }
    }

    private static readonly Dictionary<int, (string Title, string Detail)> DefaultTitles = new()
    {
        [400] = ("Requête invalide", "La requête est mal formée."),
        [404] = ("Introuvable", "Aucune ressource à cette adresse."),
        [405] = ("Méthode non permise", "Cette adresse n'accepte pas cette méthode HTTP."),
        [406] = ("Format non disponible", "La réponse n'existe qu'en JSON (Accept: application/json)."),
        [413] = ("Requête trop volumineuse", "Le corps de la requête dépasse la taille autorisée."),
        [415] = ("Type de contenu non pris en charge", "Envoyez le corps avec l'en-tête Content-Type attendu (application/json, text/csv ou un fichier YAML selon la route)."),
        [500] = ("Erreur interne", "Le service n'a pas pu traiter la requête ; rien n'a été enregistré."),
    };

    // System.Text.Json names the JSON path in its message as "Path: $.name | LineNumber: …".
    private static string? ExtractPath(string? detail)
    {
        if (detail is null) return null;
        var start = detail.IndexOf("Path: ", StringComparison.Ordinal);
        if (start < 0) return null;
        var end = detail.IndexOf(" |", start, StringComparison.Ordinal);
        var path = end < 0 ? detail[(start + 6)..] : detail[(start + 6)..end];
        return path.TrimStart('$', '.') is { Length: > 0 } p ? p : null;
    }
}
