using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Infrastructure;

namespace NPS.Quality.Shared;

/// <summary>What a pure decider returns: the events to append, or the refusal (and then nothing is written).</summary>
public sealed record Decision(IReadOnlyList<object> Events, ProblemDetails? Refusal)
{
    public static Decision Of(params object[] events) => new(events, null);

    public static Decision Refuse(ProblemDetails problem) => new([], problem);

    public static Decision Invalid(IReadOnlyList<FieldError> errors) => Refuse(Problems.Invalid(errors));

    public static Decision Invalid(FieldError error) => Invalid([error]);

    /// <summary>
    /// The order every change of an existing stream answers in: field errors (400), then a stale expectedVersion (409),
    /// then the state rule (400), else the event. The version the client read is checked here because the contract
    /// answers a missing field before a stale version; Marten's FetchForWriting still refuses, at commit, a writer that
    /// got in between the load and the commit.
    /// </summary>
    public static Decision Checked(int currentVersion, int? expectedVersion, IReadOnlyList<FieldError> fieldErrors, FieldError? ruleRefusal,
        Func<object> @event)
    {
        if (fieldErrors.Count > 0) return Invalid(fieldErrors);
        if (expectedVersion != currentVersion) return Refuse(Problems.StaleVersion());
        return ruleRefusal is not null ? Invalid(ruleRefusal) : Of(@event());
    }

    public T Single<T>() => (T)Events.Single();
}
