using Microsoft.AspNetCore.Mvc;

namespace NPS.Quality.Shared;

/// <summary>
/// One rejected value: the field (or CSV column), where it was (CSV line, YAML line), what it held, and why,
/// in French for the user.
/// </summary>
public sealed record FieldError(string Field, string Message, int? Line = null, string? Value = null);

/// <summary>Builds the ProblemDetails every rejection returns: French title and detail, machine-readable errors.</summary>
public static class Problems
{
    public static ProblemDetails Invalid(IReadOnlyList<FieldError> errors, string? detail = null)
    {
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Requête invalide",
            Detail = detail ?? Summary(errors),
        };
        problem.Extensions["errors"] = errors;
        return problem;
    }

    public static ProblemDetails Invalid(string field, string message, string? value = null)
        => Invalid([new FieldError(field, message, Value: value)]);

    public static ProblemDetails NotFound(string detail) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = "Introuvable",
        Detail = detail,
    };

    public static ProblemDetails Conflict(string detail) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = "Conflit",
        Detail = detail,
    };

    /// <summary>The expectedVersion the client sent is no longer the stream's version.</summary>
    public static ProblemDetails StaleVersion() => Conflict(
        "Cette ressource a été modifiée par quelqu'un d'autre entre-temps : rechargez-la et recommencez (expectedVersion périmée).");

    /// <summary>A body, file or batch over its documented limit (413), saying the limit.</summary>
    public static ProblemDetails TooLarge(string detail, string title = "Requête trop volumineuse") => new()
    {
        Status = StatusCodes.Status413PayloadTooLarge,
        Title = title,
        Detail = detail,
    };

    public static ProblemDetails Forbidden(string detail) => new()
    {
        Status = StatusCodes.Status403Forbidden,
        Title = "Accès refusé",
        Detail = detail,
    };

    private static string Summary(IReadOnlyList<FieldError> errors) => errors.Count switch
    {
        0 => "La requête est invalide.",
        1 => Describe(errors[0]),
        _ => $"{errors.Count} erreurs : {Describe(errors[0])} (voir la liste complète dans « errors »)",
    };

    private static string Describe(FieldError e)
        => e.Line is { } line ? $"ligne {line}, {e.Field} : {e.Message}" : $"{e.Field} : {e.Message}";
}
