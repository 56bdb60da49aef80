using System.Net.Sockets;
using Npgsql;
using NPS.Quality.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Reliability;

/// <summary>
/// Which database failures are an outage (503 + Retry-After: the client may retry, nothing was written) and which are
/// not, without a server: the exception shapes Npgsql and PostgreSQL really produce, wrapped as Marten wraps them.
/// </summary>
public sealed class when_the_database_fails_in_some_way
{
    private static Exception WrappedByTheStore(Exception inner) => new InvalidOperationException("Marten command failed", inner);

    private static PostgresException Postgres(string sqlState) => new("message", "FATAL", "FATAL", sqlState);

    [Theory]
    [InlineData("57P01")] // admin_shutdown: the server is being stopped
    [InlineData("57P02")] // crash_shutdown
    [InlineData("57P03")] // cannot_connect_now: the server is starting
    [InlineData("53300")] // too_many_connections
    [InlineData("08006")] // connection_failure
    public void a_server_that_refuses_or_drops_the_session_is_an_outage(string sqlState)
    {
        var problem = StoreFailures.Map(WrappedByTheStore(Postgres(sqlState))).ShouldNotBeNull();
        problem.Status.ShouldBe(503);
        problem.Title.ShouldBe("Service momentanément indisponible");
    }

    [Fact]
    public void a_refused_connection_is_an_outage()
        => StoreFailures.Map(WrappedByTheStore(new NpgsqlException("Failed to connect to 127.0.0.1:5432",
            new SocketException((int)SocketError.ConnectionRefused))))!.Status.ShouldBe(503);

    [Fact]
    public void a_connection_lost_mid_query_is_an_outage()
        => StoreFailures.Map(new NpgsqlException("Exception while reading from stream", new EndOfStreamException()))!.Status.ShouldBe(503);

    [Fact]
    public void a_timeout_while_connecting_is_an_outage()
        => StoreFailures.Map(new NpgsqlException("The operation has timed out", new TimeoutException()))!.Status.ShouldBe(503);

    [Fact]
    public void a_unique_key_taken_by_another_writer_is_still_a_conflict()
        => StoreFailures.Map(WrappedByTheStore(Postgres(PostgresErrorCodes.UniqueViolation)))!.Status.ShouldBe(409);

    [Fact]
    public void a_bug_is_not_disguised_as_an_outage()
    {
        StoreFailures.IsDatabaseUnavailable(new InvalidOperationException("a bug")).ShouldBeFalse();
        StoreFailures.IsDatabaseUnavailable(WrappedByTheStore(Postgres("42703"))).ShouldBeFalse(); // undefined_column
    }
}
