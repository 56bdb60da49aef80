using System.Diagnostics;

namespace NPS.Quality.Pdf.Tests;

/// <summary>qpdf (Debian's qpdf package) reads every object and inflates every stream: no error and no warning.</summary>
public class when_checking_the_file_with_qpdf
{
    [Fact]
    public async Task reports_neither_errors_nor_warnings()
    {
        if (!File.Exists("/usr/bin/qpdf")) Assert.Skip("qpdf is not installed (apt-get install -y qpdf)");
        var model = Samples.Dossier() with { Attachments = [new Attachment("a.csv", "Données", "text/csv", "a;b\r\n1;2\r\n"u8.ToArray())] };
        var path = Path.Combine(Path.GetTempPath(), $"nps-qpdf-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, PdfRenderer.Render(model).Bytes);
        try
        {
            using var qpdf = Process.Start(new ProcessStartInfo("/usr/bin/qpdf", ["--check", path])
                { RedirectStandardOutput = true, RedirectStandardError = true })!;
            // Both pipes drained at once: a file with many warnings would otherwise fill stderr and block qpdf.
            var errors = qpdf.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            var output = await qpdf.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken) + await errors;
            await qpdf.WaitForExitAsync(TestContext.Current.CancellationToken);
            qpdf.ExitCode.ShouldBe(0, output); // 3 means "succeeded with warnings"
            output.ShouldContain("No syntax or stream encoding errors found");
            output.ShouldNotContain("WARNING", Case.Insensitive);
        }
        finally { File.Delete(path); }
    }
}
