using System.Text;
using Alba;
using NPS.Quality.Tests.Infrastructure;

namespace NPS.Quality.Tests.Samples;

public sealed record RecordingAnswer(int Accepted, int Duplicates);

public sealed record SampleItem(string SampleId, string Indicator, DateTimeOffset Start, DateTimeOffset End, decimal Delay, string Method,
    bool Voided, DateTimeOffset? VoidedAt, string? VoidReason, string RecordedBy);

public sealed record SamplePageAnswer(int Page, int PageSize, int Total, List<SampleItem> Items);

public static class SampleHelpers
{
    public const string Header = "identifiant;indicateur;debut;fin;methode;commentaire";

    /// <summary>A waiting-time sample on 2 October 2017 (a Monday), <paramref name="minutes"/> long.</summary>
    public static object Waiting(string id, int minutes, string method = "file_attente", int day = 2)
        => new
        {
            sampleId = id,
            indicator = "ACC-01-ATTENTE",
            start = $"2017-10-{day:00}T09:00:00+02:00",
            end = new DateTimeOffset(2017, 10, day, 9, 0, 0, TimeSpan.FromHours(2)).AddMinutes(minutes).ToString("yyyy-MM-ddTHH:mm:sszzz"),
            method,
        };

    public static void PostCsv(this Scenario s, string url, string csv) => s.PostBytes(url, Encoding.UTF8.GetBytes(csv));

    public static void PostBytes(this Scenario s, string url, byte[] bytes)
    {
        s.Post.Url(url);
        s.ConfigureHttpContext(c =>
        {
            c.Request.ContentType = "text/csv";
            c.Request.ContentLength = bytes.Length;
            c.Request.Body = new MemoryStream(bytes);
        });
    }

    /// <summary>The lines of <see cref="WaitingRows"/>, the header first: to change some, then send them with <see cref="PostLines"/>.</summary>
    public static string[] WaitingLines(int count, string prefix = "S") => WaitingRows(count, prefix).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static void PostLines(this Scenario s, string url, IEnumerable<string> lines) => s.PostCsv(url, string.Join('\n', lines) + "\n");

    public static string WaitingRows(int count, string prefix = "S", int withinEvery = 1)
    {
        var csv = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < count; i++)
        {
            var day = 2 + i % 20;
            var minutes = i % withinEvery == 0 ? 10 : 35;
            csv.Append($"{prefix}{i:000000};ACC-01-ATTENTE;{day:00}/10/2017 09:00;{day:00}/10/2017 09:{minutes:00};file_attente;\n");
        }
        return csv.ToString();
    }
}
