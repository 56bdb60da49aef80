using Alba;

namespace NPS.Quality.Tests.Samples;

/// <summary>The fixture files of <c>Samples/Fixtures</c> (see its README: made by LibreOffice Calc) and how to post a file.</summary>
public static class SpreadsheetFiles
{
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] Fixture(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "tests", "NPS.Quality.Tests", "Samples", "Fixtures", name);
            if (File.Exists(path)) return File.ReadAllBytes(path);
        }
        throw new FileNotFoundException(name);
    }

    public static void PostFile(this Scenario s, string url, byte[] bytes, string? contentType)
    {
        s.Post.Url(url);
        s.ConfigureHttpContext(c =>
        {
            c.Request.ContentType = contentType;
            c.Request.ContentLength = bytes.Length;
            c.Request.Body = new MemoryStream(bytes);
        });
    }
}
