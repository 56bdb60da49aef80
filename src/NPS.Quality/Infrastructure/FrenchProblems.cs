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
