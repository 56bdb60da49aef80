using NPS.Quality.Pdf.Layout;

namespace NPS.Quality.Pdf.Tests;

public class when_drawing_charts
{
    [Theory]
    [InlineData(0, 120, 8)]
    [InlineData(0, 12.8, 10)]
    [InlineData(0, 45, 12)]
    [InlineData(84, 120, 8)]
    public void chooses_evenly_spaced_round_ticks(double min, double max, int most)
    {
        var ticks = LayoutEngine.NiceTicks(min, max, most);

        ticks.Count.ShouldBeLessThanOrEqualTo(most);
        ticks.Count.ShouldBeGreaterThanOrEqualTo(3);
        var step = ticks[1] - ticks[0];
        ticks.Zip(ticks.Skip(1), (a, b) => Math.Round(b - a, 9)).Distinct().ShouldBe([Math.Round(step, 9)]);
        var mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step)));
        new[] { 1.0, 2.0, 5.0 }.ShouldContain(Math.Round(mantissa, 9));
        ticks.ShouldAllBe(t => t >= min - 1e-9 && t <= max + 1e-9);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(0)]
    public void puts_whole_numbers_only_on_a_count_axis(double max)
    {
        var (top, step) = LayoutEngine.NiceScale(max, integer: true);

        step.ShouldBeGreaterThanOrEqualTo(1);
        (step % 1).ShouldBe(0);
        top.ShouldBeGreaterThanOrEqualTo(max);
    }

    [Fact]
    public void labels_a_small_count_axis_without_fractions()
    {
        var chart = Samples.Histogram() with { Bars = [new Bar(0, 2, 1), new Bar(2, 4, 3), new Bar(4, 6, 2)], Threshold = 4, ThresholdLabel = "Seuil : 4 j" };
        using var pdf = PdfReading.Open(PdfRenderer.Render(Samples.Model([chart])));

        var words = pdf.GetPage(1).Texts();
        words.ShouldNotContain("0,5");
        words.ShouldNotContain("1,5");
        words.ShouldContain("3");
    }

    [Fact]
    public void prints_the_caption_under_the_chart()
    {
        var chart = Samples.Histogram() with { Caption = "Chaque barre compte les délais de ]a ; b] : un délai égal au seuil est à gauche de la ligne." };
        using var pdf = PdfReading.Open(PdfRenderer.Render(Samples.Model([chart])));

        pdf.GetPage(1).Texts().ShouldContain("gauche");
    }
}
