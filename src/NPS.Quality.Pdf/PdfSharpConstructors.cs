using System.Reflection;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using PdfSharp.Pdf.Annotations;

namespace NPS.Quality.Pdf;

/// <summary>
/// PDFsharp 6.2.4 creates a page's resources, the catalog, the outline items and a few others through
/// <c>Type.GetConstructor(…).Invoke</c> (<c>PdfDictionary.DictionaryElements.CreateValue</c>). The runtime compiles an
/// invocation stub for a constructor object on its second call, but keeps its reflection cache only weakly: once
/// collected, the next render looks the constructor up anew and compiles its stub again (about two stubs per render,
/// each a full-optimisation JIT compilation on the rendering thread). Holding the constructor objects here keeps the cache,
/// and the compiled stubs, alive for the life of the process.
/// </summary>
internal static class PdfSharpConstructors
{
    private const BindingFlags Any = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    private static ConstructorInfo?[]? _held;

    /// <summary>The constructors held (null where PDFsharp has no such type or constructor: then nothing is gained).</summary>
    internal static IReadOnlyList<ConstructorInfo?> Held => _held ?? [];

    public static void Hold()
    {
        if (_held is not null) return;
        Type?[] types =
        [
            typeof(PdfResources), typeof(PdfDocument).Assembly.GetType("PdfSharp.Pdf.Advanced.PdfResourceMap"), typeof(PdfCatalog),
            typeof(PdfPages), typeof(PdfOutline), typeof(PdfAnnotations), typeof(PdfArray), typeof(PdfViewerPreferences),
            typeof(PdfDocumentInformation),
        ];
        // The same lookup as PDFsharp's, so that it finds these very objects in the cache.
        _held = types.Select(t => t?.GetConstructor(Any, null, [typeof(PdfDocument)], null)).ToArray();
    }
}
