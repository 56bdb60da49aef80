using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Infrastructure;

namespace NPS.Quality.Shared;

/// <summary>
/// What a command answers, whoever sent it (an endpoint or a page): its value and status, or the French refusal that
/// wrote nothing. Handlers return it next to their events; the edges only translate it (HTTP answer or page state).
/// </summary>
public sealed record Outcome<T>(T? Value, int Status, string? Location, ProblemDetails? Problem) where T : class
{
    public bool Succeeded => Problem is null;

    public static Outcome<T> Ok(T value) => new(value, StatusCodes.Status200OK, null, null);

    public static Outcome<T> Created(T value, string location) => new(value, StatusCodes.Status201Created, location, null);

    public static Outcome<T> Accepted(T value, string location) => new(value, StatusCodes.Status202Accepted, location, null);

    public static Outcome<T> Refused(ProblemDetails problem) => new(null, problem.Status ?? StatusCodes.Status400BadRequest, null, problem);

    public static Outcome<T> Invalid(IReadOnlyList<FieldError> errors) => Refused(Problems.Invalid(errors));

    public static Outcome<T> NotFound(string detail) => Refused(Problems.NotFound(detail));

    public static Outcome<T> Conflict(string detail) => Refused(Problems.Conflict(detail));

    /// <summary>The field errors of a refusal (empty on success), for a page to show next to its fields.</summary>
    public IReadOnlyList<FieldError> Errors
        => Problem is not null && Problem.Extensions.TryGetValue("errors", out var e) && e is IEnumerable<FieldError> list ? list.ToList() : [];

    /// <summary>One French sentence for a page: the detail, or the title.</summary>
    public string Sentence => Problem?.Detail ?? Problem?.Title ?? "";
}
