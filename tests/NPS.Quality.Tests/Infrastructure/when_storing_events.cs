using Marten;
using Shouldly;

namespace NPS.Quality.Tests.Infrastructure;

public sealed class when_storing_events(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task their_json_is_compressed_with_lz4_where_the_server_has_it()
    {
        // Set at start-up (EventCompression); the 10,000-row import test reads such events back.
        await using var session = Store.QuerySession();
        var hasLz4 = (await session.QueryAsync<bool>(
            "select exists (select 1 from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals))", Ct)).Single();
        if (!hasLz4) return; // before PostgreSQL 14 or without lz4: pglz, the server's only choice
        var compression = (await session.QueryAsync<string>(
            "select attcompression::text from pg_attribute where attrelid = 'nps.mt_events'::regclass and attname = 'data'", Ct)).Single();
        compression.ShouldBe("l");
    }
}
