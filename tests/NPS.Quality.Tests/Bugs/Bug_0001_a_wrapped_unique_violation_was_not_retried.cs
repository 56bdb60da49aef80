using Marten.Exceptions;
using Npgsql;
using Shouldly;

namespace NPS.Quality.Tests.Bugs;

/// <summary>
/// Two identical imports released together sometimes answered 409 « écriture concurrente » instead of 200 with
/// duplicates: the retry policy matched a <see cref="PostgresException"/> at the top, but Marten throws its own
/// exception with PostgreSQL's inside. The rule now looks down the inner exceptions (the race itself is proven in
/// Concurrency/when_two_writers_are_released_together).
/// </summary>
public sealed class Bug_0001_a_wrapped_unique_violation_was_not_retried
{
    private static PostgresException UniqueViolation()
        => new("duplicate key value violates unique constraint", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation);

    [Fact]
    public void a_unique_violation_inside_a_store_exception_is_recognised()
    {
        var wrapped = new MartenCommandException(new Npgsql.NpgsqlCommand("insert"), UniqueViolation());
        StoreFailures.IsUniqueViolation(wrapped).ShouldBeTrue();
        StoreFailures.IsUniqueViolation(new InvalidOperationException("outer", wrapped)).ShouldBeTrue();
    }

    [Fact]
    public void other_store_failures_are_not_retried_as_collisions()
    {
        StoreFailures.IsUniqueViolation(new PostgresException("deadlock", "ERROR", "ERROR", PostgresErrorCodes.DeadlockDetected)).ShouldBeFalse();
        StoreFailures.IsUniqueViolation(new InvalidOperationException("no store involved")).ShouldBeFalse();
    }
}
