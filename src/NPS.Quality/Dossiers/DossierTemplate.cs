using System.Security.Cryptography;
using System.Text;
using NPS.Quality.Shared;
using YamlDotNet.RepresentationModel;

namespace NPS.Quality.Dossiers;

/// <summary>One section of a dossier template: which block of content (<see cref="Key"/>), its title and its wording.</summary>
/// <param name="Text">Paragraphs, separated by blank lines in the YAML.</param>
/// <param name="Note">A framed note (the sampling disclaimer, the closing statement's reserve…).</param>
/// <param name="Entries">Glossary terms and their definitions, in file order.</param>
public sealed record TemplateSection(string Key, string Title, IReadOnlyList<string> Text, string? Note, IReadOnlyList<(string Term, string Definition)> Entries);

/// <summary>
/// A dossier template (<c>templates/dossier-interne.yaml</c>, <c>templates/dossier-afnor.yaml</c>): section order,
/// titles and boilerplate wording, so the quality mission edits words without touching code. <see cref="Sha256"/> is
/// the hash of the file's bytes, printed in the reproducibility box.
/// </summary>
/// <param name="Confidentiality">The confidentiality mention printed on the cover and in the identity box.</param>
/// <param name="Distribution">Who receives the document, one entry a line, printed as the distribution list.</param>
public sealed record DossierTemplate(DossierKind Kind, string Title, string Subject, string Author, string File, string Sha256, IReadOnlyList<TemplateSection> Sections,
    string? Confidentiality = null, IReadOnlyList<string>? Distribution = null)
{
    /// <summary>The content keys a template may use, and which dossier kinds may use them.</summary>
    public static readonly IReadOnlyDictionary<string, DossierKind[]> KnownSections = new Dictionary<string, DossierKind[]>
    {
        ["cover"] = [DossierKinds.Internal, DossierKinds.Afnor],
        ["contents"] = [DossierKinds.Internal, DossierKinds.Afnor],
        ["introduction"] = [DossierKinds.Internal, DossierKinds.Afnor],
        ["method"] = [DossierKinds.Internal, DossierKinds.Afnor],
        ["summary"] = [DossierKinds.Internal, DossierKinds.Afnor],
        ["indicators"] = [DossierKinds.Internal, DossierKinds.Afnor],
        ["findings"] = [DossierKinds.Internal, DossierKinds.Afnor],
        ["deviation_sheets"] = [DossierKinds.Internal, DossierKinds.Afnor],
        ["action_plan"] = [DossierKinds.Internal, DossierKinds.Afnor],
        ["closing"] = [DossierKinds.Internal, DossierKinds.Afnor],
        ["glossary"] = [DossierKinds.Internal, DossierKinds.Afnor],
        ["reproducibility"] = [DossierKinds.Internal, DossierKinds.Afnor],
        // Personal data (who recorded, comments): never in an AFNOR dossier.
        ["sample_annex"] = [DossierKinds.Internal],
        ["voids"] = [DossierKinds.Internal],
        ["comments"] = [DossierKinds.Internal],
        // The results poster: one section, its own layout.
        ["poster"] = [DossierKinds.Poster],
    };

    private static string[] RequiredFor(DossierKind? kind) => kind == DossierKinds.Poster ? ["poster"] : ["cover", "summary", "indicators", "reproducibility"];

    public TemplateSection? Section(string key) => Sections.FirstOrDefault(s => s.Key == key);

    /// <summary>Parses and checks one template; every error as <c>fichier:ligne:colonne : message</c>.</summary>
    public static (DossierTemplate? Template, List<string> Errors) Parse(string file, string yaml)
    {
        // The shared reader: no anchors or aliases, bounded depth, French located errors.
        var reader = new YamlReader(file);
        var root = reader.LoadRoot(yaml, "un modèle est un dictionnaire YAML (kind, title, subject, sections)");
        if (root is null) return (null, reader.Errors.Select(e => e.ToString()).ToList());

        string? Scalar(YamlMappingNode map, string key, bool required)
        {
            if (map.Children.TryGetValue(new YamlScalarNode(key), out var node))
            {
                if (node is YamlScalarNode { Value: { } v } && !string.IsNullOrWhiteSpace(v)) return v.Trim();
                reader.ErrorAt(node, $"« {key} » doit être un texte non vide");
                return null;
            }
            if (required) reader.ErrorAt(map, $"« {key} » est obligatoire");
            return null;
        }

        foreach (var key in root.Children.Keys.OfType<YamlScalarNode>()
                     .Where(k => k.Value is not ("kind" or "title" or "subject" or "author" or "confidentiality" or "distribution" or "sections")))
            reader.ErrorAt(key, $"clé inconnue « {key.Value} » (attendues : kind, title, subject, author, confidentiality, distribution, sections)");

        var kind = Scalar(root, "kind", true);
        var kindCode = WireNames.Parse<DossierKind>(kind);
        if (kind is not null && kindCode is null)
            reader.ErrorAt(root, $"kind « {kind} » inconnu (internal, afnor ou affiche)");
        var title = Scalar(root, "title", true);
        var subject = Scalar(root, "subject", true);
        var author = Scalar(root, "author", false) ?? "Mission qualité — Nouveau Paris Solidaire";
        var confidentiality = Scalar(root, "confidentiality", false) is { } mention ? string.Join(' ', Paragraphs(mention)) : null;
        var distribution = new List<string>();
        if (root.Children.TryGetValue(new YamlScalarNode("distribution"), out var distributionNode))
        {
            if (distributionNode is YamlSequenceNode people)
                foreach (var person in people.Children)
                {
                    if (person is YamlScalarNode { Value: { } who } && !string.IsNullOrWhiteSpace(who)) distribution.Add(who.Trim());
                    else reader.ErrorAt(person, "un destinataire est un texte non vide");
                }
            else reader.ErrorAt(distributionNode, "« distribution » est une liste de destinataires");
        }

        var sections = new List<TemplateSection>();
        if (!root.Children.TryGetValue(new YamlScalarNode("sections"), out var sectionsNode) || sectionsNode is not YamlSequenceNode list || list.Children.Count == 0)
            reader.ErrorAt(root, $"« sections » est obligatoire : une liste de sections");
        else
        {
            foreach (var item in list.Children)
            {
                if (item is not YamlMappingNode map)
                {
                    reader.ErrorAt(item, $"une section est un dictionnaire (key, title, text, note, entries)");
                    continue;
                }
                foreach (var k in map.Children.Keys.OfType<YamlScalarNode>().Where(k => k.Value is not ("key" or "title" or "text" or "note" or "entries")))
                    reader.ErrorAt(k, $"clé de section inconnue « {k.Value} » (attendues : key, title, text, note, entries)");
                var key = Scalar(map, "key", true);
                if (key is null) continue;
                if (!KnownSections.TryGetValue(key, out var kinds))
                {
                    reader.ErrorAt(map, $"section inconnue « {key} » (connues : {string.Join(", ", KnownSections.Keys)})");
                    continue;
                }
                if (kindCode is { } code && !kinds.Contains(code))
                    reader.ErrorAt(map, $"la section « {key} » contient des données personnelles ou internes : interdite dans un dossier {kind}");
                if (sections.Any(s => s.Key == key)) reader.ErrorAt(map, $"section « {key} » en double");
                var sectionTitle = Scalar(map, "title", key is not ("cover" or "contents"));
                var text = Scalar(map, "text", false);
                var note = Scalar(map, "note", false);
                var entries = new List<(string, string)>();
                if (map.Children.TryGetValue(new YamlScalarNode("entries"), out var entriesNode))
                {
                    if (entriesNode is YamlMappingNode terms)
                        foreach (var (term, definition) in terms.Children)
                        {
                            if (term is YamlScalarNode { Value: { } t } && definition is YamlScalarNode { Value: { } d }) entries.Add((t.Trim(), d.Trim()));
                            else reader.ErrorAt(term, $"une entrée du glossaire est « terme: définition »");
                        }
                    else reader.ErrorAt(entriesNode, $"« entries » est un dictionnaire « terme: définition »");
                }
                // A note keeps its paragraphs (line breaks) but not the YAML's wrapping.
                var noteText = note is null ? null : string.Join('\n', Paragraphs(note));
                sections.Add(new TemplateSection(key, sectionTitle ?? "", Paragraphs(text), noteText, entries));
            }
            foreach (var missing in RequiredFor(kindCode).Where(r => sections.All(s => s.Key != r)))
                reader.ErrorAt(sectionsNode, $"la section « {missing} » est obligatoire");
        }

        if (reader.Errors.Count > 0) return (null, reader.Errors.Select(e => e.ToString()).ToList());
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml)));
        return (new DossierTemplate(kindCode!.Value, title!, subject!, author, file, sha, sections, confidentiality, distribution), []);
    }

    private static List<string> Paragraphs(string? text) => text is null
        ? []
        : text.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => string.Join(' ', p.Split('\n', StringSplitOptions.TrimEntries))).ToList();
}

/// <summary>The two templates, read and checked once at start-up: a bad template stops the service with every error.</summary>
public sealed class DossierTemplates
{
    public const string InternalFile = "dossier-interne.yaml";
    public const string AfnorFile = "dossier-afnor.yaml";
    public const string PosterFile = "affiche.yaml";

    private readonly IReadOnlyDictionary<DossierKind, DossierTemplate> _byKind;

    public DossierTemplates(IEnumerable<DossierTemplate> templates) => _byKind = templates.ToDictionary(t => t.Kind);

    public DossierTemplate For(DossierKind kind) => _byKind.TryGetValue(kind, out var t)
        ? t
        : throw new InvalidOperationException($"Aucun modèle de dossier pour « {kind} ».");

    public static DossierTemplates Load(string directory)
    {
        var errors = new List<string>();
        var templates = new List<DossierTemplate>();
        foreach (var (name, kind) in new[] { (InternalFile, DossierKinds.Internal), (AfnorFile, DossierKinds.Afnor), (PosterFile, DossierKinds.Poster) })
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                errors.Add($"{path} : modèle de dossier introuvable");
                continue;
            }
            var (template, fileErrors) = DossierTemplate.Parse($"templates/{name}", File.ReadAllText(path));
            errors.AddRange(fileErrors);
            if (template is null) continue;
            if (template.Kind != kind) errors.Add($"templates/{name}:1:1 : kind doit valoir « {kind} »");
            else templates.Add(template);
        }
        if (errors.Count > 0)
            throw new InvalidOperationException($"Modèles de dossier invalides dans {directory} :{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
        return new DossierTemplates(templates);
    }

    /// <summary><c>Dossiers:Templates</c>, else the repo's <c>templates/</c> found by walking up (dotnet run, tests, a published copy).</summary>
    public static string DirectoryFrom(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["Dossiers:Templates"];
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(configured);
        foreach (var start in new[] { environment.ContentRootPath, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "templates");
                if (File.Exists(Path.Combine(candidate, InternalFile))) return candidate;
            }
        return Path.Combine(environment.ContentRootPath, "templates");
    }
}
