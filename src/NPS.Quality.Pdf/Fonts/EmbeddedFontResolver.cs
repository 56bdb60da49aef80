using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace NPS.Quality.Pdf.Fonts;

/// <summary>
/// Serves DejaVu Sans from this assembly's embedded resources, whatever family is asked for:
/// rendering must not depend on the fonts installed on the server.
/// </summary>
public sealed class EmbeddedFontResolver : IFontResolver
{
    public const string FamilyName = "DejaVu Sans";

    private static readonly object Gate = new();
    private static readonly ConcurrentDictionary<string, byte[]> Faces = new();

    public static EmbeddedFontResolver Instance { get; } = new();

    private EmbeddedFontResolver() { }

    /// <summary>
    /// Installs the resolver for the process. PDFsharp allows one assignment, before any font is used,
    /// so this is idempotent and safe to call from any thread before each render.
    /// </summary>
    public static void EnsureInstalled()
    {
        if (ReferenceEquals(GlobalFontSettings.FontResolver, Instance)) return;
        lock (Gate)
        {
            if (ReferenceEquals(GlobalFontSettings.FontResolver, Instance)) return;
            if (GlobalFontSettings.FontResolver is not null)
                throw new InvalidOperationException(
                    $"Another font resolver ({GlobalFontSettings.FontResolver.GetType().Name}) is installed; NPS.Quality.Pdf needs its own embedded fonts.");
            GlobalFontSettings.FontResolver = Instance;
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        (bold, italic) switch
        {
            (false, false) => new FontResolverInfo("DejaVuSans"),
            (true, false) => new FontResolverInfo("DejaVuSans-Bold"),
            (false, true) => new FontResolverInfo("DejaVuSans-Oblique"),
            (true, true) => new FontResolverInfo("DejaVuSans-BoldOblique"),
        };

    public byte[] GetFont(string faceName) => Faces.GetOrAdd(faceName, Load);

    /// <summary>The face names this resolver can serve, all of them embedded resources.</summary>
    public static IReadOnlyList<string> FaceNames { get; } =
        ["DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"];

    private static byte[] Load(string faceName)
    {
        var resource = $"NPS.Quality.Pdf.Fonts.{faceName}.ttf";
        using var stream = typeof(EmbeddedFontResolver).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Font {faceName} is not embedded (resource {resource}).");
        using var buffer = new MemoryStream((int)stream.Length);
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
