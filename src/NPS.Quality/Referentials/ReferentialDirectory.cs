namespace NPS.Quality.Referentials;

/// <summary>Where the referential YAML files live: <c>Referentials:Directory</c>, else the repo's <c>referentials/</c>.</summary>
public sealed record ReferentialDirectory(string Path)
{
    public static ReferentialDirectory From(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["Referentials:Directory"];
        if (!string.IsNullOrWhiteSpace(configured)) return new(System.IO.Path.GetFullPath(configured));

        // Walk up from the content root and the binaries: works for `dotnet run`, tests and a published copy.
        foreach (var start in new[] { environment.ContentRootPath, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "referentials");
                if (Directory.Exists(candidate)) return new(candidate);
            }
        }
        return new(System.IO.Path.Combine(environment.ContentRootPath, "referentials"));
    }
}

/// <summary>Every referential file of the directory, parsed and checked together: all errors or nothing.</summary>
public sealed record ReferentialFiles(
    IReadOnlyList<(ReferentialDefinition Definition, string Yaml)> Versions,
    IReadOnlyList<ReferentialMapping> Mappings)
{
    public static (ReferentialFiles? Files, IReadOnlyList<string> Errors) Load(string directory)
    {
        var errors = new List<string>();
        var versions = new List<(ReferentialDefinition, string)>();
        var mappings = new List<(ReferentialMapping Mapping, string File)>();
        if (!Directory.Exists(directory)) return (new ReferentialFiles([], []), [$"{directory} : dossier des référentiels introuvable"]);

        foreach (var path in Directory.EnumerateFiles(directory, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = System.IO.Path.GetRelativePath(System.IO.Path.GetDirectoryName(directory)!, path);
            var text = File.ReadAllText(path);
            var name = System.IO.Path.GetFileNameWithoutExtension(path);
            var folder = System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(path))!;
            if (name.StartsWith("mapping-", StringComparison.Ordinal))
            {
                var parsed = ReferentialMapping.Parse(relative, text);
                if (parsed.IsValid) mappings.Add((parsed.Value!, relative));
                else errors.AddRange(parsed.Errors.Select(e => e.ToString()));
                continue;
            }

            var result = ReferentialYaml.Parse(relative, text);
            if (!result.IsValid)
            {
                errors.AddRange(result.Errors.Select(e => e.ToString()));
                continue;
            }
            var d = result.Value!;
            if (d.Id != folder || d.Version != name)
                errors.Add($"{relative}:1:1 : le fichier doit s'appeler referentials/{d.Id}/{d.Version}.yaml (id « {d.Id} », version « {d.Version} »)");
            else
                versions.Add((d, text));
        }

        foreach (var (mapping, file) in mappings)
        {
            var from = versions.FirstOrDefault(v => v.Item1.Id == mapping.Referential && v.Item1.Version == mapping.From).Item1;
            var to = versions.FirstOrDefault(v => v.Item1.Id == mapping.Referential && v.Item1.Version == mapping.To).Item1;
            if (from is null || to is null)
            {
                errors.Add($"{file}:1:1 : la correspondance relie des versions absentes du dossier ({mapping.Referential} {mapping.From} → {mapping.To})");
                continue;
            }
            errors.AddRange(mapping.Check(from, to).Select(m => $"{file}:1:1 : {m}"));
        }

        return errors.Count > 0 ? (null, errors) : (new ReferentialFiles(versions, mappings.Select(m => m.Mapping).ToList()), []);
    }
}
