using Alba;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Reliability;

/// <summary>
/// The bodies that used to stop the whole process (stack overflow, exit 134) or keep a core busy for seconds: each is
/// now a quick French 400 naming its line, and the service keeps answering.
/// </summary>
public sealed class when_publishing_a_hostile_yaml(AppFixture fixture) : IntegrationContext(fixture)
{
    private async Task<ProblemAnswer> Refused(string yaml)
    {
        var result = await AsAdmin(s =>
        {
            s.Post.Text(yaml).ToUrl("/api/referentials");
            s.StatusCodeShouldBe(400);
        });
        var problem = await ProblemAnswer.From(result);
        problem.Title.ShouldBe("Requête invalide");
        foreach (var word in HostileYaml.EnglishWords) problem.AllText.ShouldNotContain(word, Case.Sensitive);
        return problem;
    }

    private async Task TheServiceStillAnswers()
    {
        await Host.Scenario(s => { s.Get.Url("/health"); s.StatusCodeShouldBeOk(); });
        await AsAdmin(s => { s.Get.Url("/api/referentials"); s.StatusCodeShouldBeOk(); });
    }

    [Fact]
    public async Task refuses_a_self_referencing_alias()
    {
        var error = (await Refused(HostileYaml.SelfReferencingAlias)).Errors.ShouldHaveSingleItem();
        error.Line.ShouldBe(1);
        error.Message.ShouldStartWith("ancre YAML");
        await TheServiceStillAnswers();
    }

    [Fact]
    public async Task refuses_a_hundred_thousand_nested_braces()
    {
        (await Refused(HostileYaml.NestedBraces(100_000))).Errors.ShouldHaveSingleItem().Message.ShouldStartWith("imbrication trop profonde");
        await TheServiceStillAnswers();
    }

    [Theory]
    [InlineData(9)]
    [InlineData(10)]
    public async Task refuses_the_billion_laughs(int levels)
    {
        (await Refused(HostileYaml.BillionLaughs(levels))).Errors.ShouldHaveSingleItem().Line.ShouldBe(1);
        await TheServiceStillAnswers();
    }

    [Fact]
    public async Task a_syntax_error_comes_back_in_french_with_its_line()
    {
        var error = (await Refused("id: x\nversion: 1\ntitle: a: b\n")).Errors.ShouldHaveSingleItem();
        error.Line.ShouldBe(3);
        error.Message.ShouldStartWith("syntaxe YAML invalide : « : » inattendu");
    }

    [Fact]
    public async Task a_chunked_body_over_one_megabyte_is_413_without_being_read_whole()
    {
        var body = new EndlessYaml(limit: 8 * 1024 * 1024);
        var result = await AsAdmin(s =>
        {
            s.Post.Text("").ToUrl("/api/referentials");
            // No Content-Length: the limit can only hold on the stream itself.
            s.ConfigureHttpContext(c => { c.Request.ContentLength = null; c.Request.Body = body; });
            s.StatusCodeShouldBe(413);
        });
        (await ProblemAnswer.From(result)).Title.ShouldBe("Requête trop volumineuse");
        body.BytesRead.ShouldBeLessThan(2L * 1024 * 1024);
    }

    [Fact]
    public async Task a_body_of_exactly_one_megabyte_is_read()
    {
        // A comment padded to exactly the limit: read whole, then refused for what it says (no id…), not for its size.
        var yaml = "# " + new string('x', 1024 * 1024 - 3) + "\n";
        System.Text.Encoding.UTF8.GetByteCount(yaml).ShouldBe(1024 * 1024);
        (await Refused(yaml)).Errors.ShouldHaveSingleItem().Message.ShouldStartWith("le document doit être une table YAML");
    }

    /// <summary>A request body that never ends (up to <c>limit</c>) and counts what the server read of it.</summary>
    private sealed class EndlessYaml(long limit) : Stream
    {
        private static readonly byte[] Line = "# un commentaire qui ne finit pas\n"u8.ToArray();
        public long BytesRead { get; private set; }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, limit - BytesRead);
            for (var i = 0; i < n; i++) buffer[offset + i] = Line[(BytesRead + i) % Line.Length];
            BytesRead += n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position
        {
            get => BytesRead;
            set { if (value != BytesRead) throw new NotSupportedException(); }
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
