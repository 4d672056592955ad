using System.Text.Json;
using k8s;
using k8s.Models;
using Palisade.Diagnostics;
using Palisade.Manifests.AdminPolicies;
using Palisade.Manifests.Yaml;
using Palisade.Model;

namespace Palisade.Manifests;

/// <summary>
/// Loads Kubernetes manifests (YAML or JSON, many documents a file, <c>List</c> kinds expanded) into a
/// <see cref="ClusterSnapshot"/> with located diagnostics. Never throws for user mistakes; goes on after an error so
/// that one run reports all of them.
/// </summary>
public static class ManifestLoader
{
    private static readonly Dictionary<string, KindReader> Readers = new(StringComparer.Ordinal)
    {
        ["Namespace"] = Core<V1Namespace>((o, ns, at, b, d) => Add(ModelConverter.ToNamespace(o, at), b.Add, d)),
        ["Pod"] = Core<V1Pod>((o, ns, at, b, d) => Add(ModelConverter.ToPod(o, ns, at), b.Add, d)),
        ["Service"] = Core<V1Service>((o, ns, at, b, d) => Add(ModelConverter.ToService(o, ns, at), b.Add, d)),
        ["ReplicationController"] = Core<V1ReplicationController>((o, ns, at, b, d) => Add(ModelConverter.ToWorkload(o, ns, at), b.Add, d)),
        ["Deployment"] = Reader<V1Deployment>(["apps/v1", "apps/v1beta1", "apps/v1beta2", "extensions/v1beta1"], ["apps", "extensions"],
            (o, ns, at, b, d) => Add(ModelConverter.ToWorkload(o, ns, at), b.Add, d)),
        ["StatefulSet"] = Reader<V1StatefulSet>(["apps/v1", "apps/v1beta1", "apps/v1beta2"], ["apps"],
            (o, ns, at, b, d) => Add(ModelConverter.ToWorkload(o, ns, at), b.Add, d)),
        ["DaemonSet"] = Reader<V1DaemonSet>(["apps/v1", "apps/v1beta2", "extensions/v1beta1"], ["apps", "extensions"],
            (o, ns, at, b, d) => Add(ModelConverter.ToWorkload(o, ns, at), b.Add, d)),
        ["ReplicaSet"] = Reader<V1ReplicaSet>(["apps/v1", "apps/v1beta2", "extensions/v1beta1"], ["apps", "extensions"],
            (o, ns, at, b, d) => Add(ModelConverter.ToWorkload(o, ns, at), b.Add, d)),
        ["Job"] = Reader<V1Job>(["batch/v1"], ["batch"], (o, ns, at, b, d) => Add(ModelConverter.ToWorkload(o, ns, at), b.Add, d)),
        ["CronJob"] = Reader<V1CronJob>(["batch/v1", "batch/v1beta1"], ["batch"], (o, ns, at, b, d) => Add(ModelConverter.ToWorkload(o, ns, at), b.Add, d)),
        ["NetworkPolicy"] = Reader<V1NetworkPolicy>(["networking.k8s.io/v1"], ["networking.k8s.io", "extensions"],
            (o, ns, at, b, d) => Add(ModelConverter.ToNetworkPolicy(o, ns, at), b.Add, d)),
        ["Node"] = Core<V1Node>((o, ns, at, b, d) => Add(ModelConverter.ToNode(o, at), b.Add, d)),
        ["AdminNetworkPolicy"] = Reader<AnpDocument>(["policy.networking.k8s.io/v1alpha1"], ["policy.networking.k8s.io"],
            (o, ns, at, b, d) => Add(AdminPolicyConverter.Convert(o, at), b.Add, d)),
        ["BaselineAdminNetworkPolicy"] = Reader<BanpDocument>(["policy.networking.k8s.io/v1alpha1"], ["policy.networking.k8s.io"],
            (o, ns, at, b, d) => Add(AdminPolicyConverter.Convert(o, at), b.Add, d)),
        ["ClusterNetworkPolicy"] = Reader<CnpDocument>(["policy.networking.k8s.io/v1alpha2"], ["policy.networking.k8s.io"],
            (o, ns, at, b, d) => Add(AdminPolicyConverter.Convert(o, at), b.Add, d)),
    };

    // Objects read back from a cluster carry a status; NetworkPolicy had one (always empty) until Kubernetes 1.28.
    private static readonly HashSet<string> KindsWithIgnoredStatus =
        new(["NetworkPolicy", "Node", "AdminNetworkPolicy", "BaselineAdminNetworkPolicy", "ClusterNetworkPolicy"], StringComparer.Ordinal);

    private static readonly string[] ManifestExtensions = [".yaml", ".yml", ".json"];

    private static readonly string[] IgnoredStatus = ["status"];

    private delegate void Convert<in T>(T source, string defaultNamespace, ISourceLocator at, Batch builder, List<Diagnostic> diagnostics);

    /// <summary>
    /// Loads files, folders (recursively, *.yaml, *.yml and *.json in ordinal order) and "-" for
    /// <see cref="LoadOptions.Stdin"/>.
    /// </summary>
    public static LoadResult Load(IReadOnlyList<string> paths, LoadOptions options)
    {
        var session = new Session(options);
        var inputs = new List<Input>();
        foreach (var path in paths)
        {
            if (path == "-")
            {
                if (options.Stdin is null)
                {
                    inputs.Add(Input.Report(DiagnosticCatalog.PathNotFound.Create(new SourceLocation("-", 0, 0),
                        "standard input was requested but none is available", "pass files or folders instead of '-'")));
                    continue;
                }

                // Standard input is read here, on the calling thread and in path order, never by two workers at once
                // (a second "-" reads what the first left: nothing), then converted like a file.
                var reading = new List<Diagnostic>();
                var text = InputFile.Read(options.Stdin, "<stdin>", options.MaxFileSize, reading);
                inputs.Add(new Input(InputKind.Stdin, null, FoundInFolder: false, reading) { Text = text });
            }
            else if (Directory.Exists(path))
            {
                var listing = new List<Diagnostic>();
                var files = FilesUnder(path, session, listing);
                if (listing.Count > 0)
                {
                    inputs.Add(new Input(InputKind.Reported, null, FoundInFolder: false, listing));
                }

                inputs.AddRange(files.Select(f => new Input(InputKind.File, f, FoundInFolder: true, [])));
            }
            else if (File.Exists(path))
            {
                inputs.Add(new Input(InputKind.File, path, FoundInFolder: false, []));
            }
            else
            {
                inputs.Add(Input.Report(DiagnosticCatalog.PathNotFound.Create(new SourceLocation(session.Display(path), 0, 0),
                    $"no such file or folder: {path}", "check the path; folders are read recursively for *.yaml, *.yml and *.json")));
            }
        }

        // Files are read and converted on several threads; what each produced is applied in input order, so the
        // snapshot, the diagnostics and the skipped objects are those of a load one file after another.
        var parallelism = inputs.Count(i => i.Kind == InputKind.File) > 1 ? options.Parallelism : 1;
        foreach (var read in InOrder.Map(inputs, parallelism, window: 2 * Math.Max(parallelism, 1), session.Read))
        {
            session.Apply(read);
        }

        return session.Finish();
    }

    /// <summary>Loads one text as if read from a file named <paramref name="displayPath"/>.</summary>
    public static LoadResult LoadText(string text, string displayPath, LoadOptions options)
    {
        var session = new Session(options);
        var reader = new FileReader(options, session);
        reader.ReadText(text, displayPath);
        session.Apply(reader);
        return session.Finish();
    }

    /// <summary>
    /// The manifest files under a folder, in ordinal order. The walk keeps its own stack (no recursion) and does not
    /// enter symbolic links to folders, as find(1) and Go's filepath.WalkDir (kubectl -R) do not: a link such as
    /// "loop -> ." or "up -> .." would otherwise be walked without end. Links to files are read; what they point at
    /// is checked when it is opened (only regular files are). A folder that cannot be listed is reported (PAL101) in
    /// <paramref name="diagnostics"/>. A file reached through several paths is read once.
    /// </summary>
    private static List<string> FilesUnder(string folder, Session session, List<Diagnostic> diagnostics)
    {
        var files = new List<string>();
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            try
            {
                foreach (var entry in new DirectoryInfo(current).EnumerateFileSystemInfos())
                {
                    if (entry is DirectoryInfo)
                    {
                        if (entry.LinkTarget is null)
                        {
                            pending.Push(entry.FullName);
                        }

                        continue;
                    }

                    var name = entry.Name;
                    if (!ManifestExtensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase))

                        // Palisade's own configuration files (.palisade-lint.yaml) sit beside the manifests they configure.
                        || name.StartsWith(".palisade", StringComparison.Ordinal)

                        // A link named like a manifest but pointing at a folder is a folder link: not entered.
                        || InputFile.IsLinkToDirectory(entry))
                    {
                        continue;
                    }

                    files.Add(entry.FullName);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                diagnostics.Add(DiagnosticCatalog.Unreadable.Create(new SourceLocation(session.Display(current), 0, 0),
                    $"cannot list the folder: {e.Message}", "check the folder's permissions"));
            }
        }

        // A file reached twice (directly and through a link, as in a mounted ConfigMap whose files link into
        // "..data") is read once, at its first path in ordinal order.
        files.Sort(StringComparer.Ordinal);
        var seen = new HashSet<(ulong, ulong)>();
        return [.. files.Where(f => InputFile.Identity(f) is not { } id || seen.Add(id))];
    }

    private static KindReader Core<T>(Convert<T> convert) => Reader(["v1"], [string.Empty], convert);

    private static KindReader Reader<T>(string[] versions, string[] groups, Convert<T> convert) =>
        new(typeof(T), versions, groups, (json, ns, at, builder, diagnostics) =>
            convert(ManifestJson.Deserialize<T>(json), ns, at, builder, diagnostics));

    private static void Add<T>(Diagnosed<T?> result, Action<T> add, List<Diagnostic> diagnostics)
        where T : class
    {
        diagnostics.AddRange(result.Diagnostics);
        if (result.Value is not null)
        {
            add(result.Value);
        }
    }

    private static string GroupOf(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? string.Empty : apiVersion[..slash];
    }

    private sealed record KindReader(
        Type Model,
        string[] ApiVersions,
        string[] Groups,
        Action<string, string, ISourceLocator, Batch, List<Diagnostic>> Read);

    /// <summary>
    /// What converting some objects produced, in order (diagnostics, skipped objects, objects for the builder), held
    /// until their file has been read: a file the JSON reader hands back to the YAML reader, a folder file that turns
    /// out not to be a manifest, or a document that breaks off is then dropped whole, as if never converted. Items of a
    /// streamed list that need their list's kind (no kind or apiVersion of their own) are held as trees.
    /// </summary>
    private sealed class Batch
    {
        private readonly List<object> entries = [];

        /// <summary>Where converters write diagnostics; they join the ordered entries before the next entry.</summary>
        public List<Diagnostic> Diagnostics { get; } = [];

        /// <summary>Objects of this batch the direct conversion took, and those it declined (counted when applied).</summary>
        public int DirectlyConverted { get; set; }

        /// <inheritdoc cref="DirectlyConverted"/>
        public int Declined { get; set; }

        public void Add(Namespace value) => Keep(value);

        public void Add(Pod value) => Keep(value);

        public void Add(WorkloadObject value) => Keep(value);

        public void Add(Service value) => Keep(value);

        public void Add(NetworkPolicy value) => Keep(value);

        public void Add(AdminPolicy value) => Keep(value);

        public void Add(Node value) => Keep(value);

        public void Add(SkippedObject value) => Keep(value);

        /// <summary>Keeps an object of the direct conversion (one of the model types above).</summary>
        public void Add(object converted) => Keep(converted);

        public void Hold(YamlNode item) => Keep(new HeldItem(item));

        /// <summary>Moves what this batch holds to the end of <paramref name="target"/>, held items through <paramref name="release"/>.</summary>
        public void MoveTo(Batch target, Action<YamlNode> release)
        {
            Flush();
            target.Flush();
            target.DirectlyConverted += DirectlyConverted;
            target.Declined += Declined;
            DirectlyConverted = Declined = 0;
            foreach (var entry in entries)
            {
                if (entry is HeldItem held)
                {
                    release(held.Node);
                }
                else
                {
                    target.entries.Add(entry);
                }

                target.Flush();
            }

            entries.Clear();
        }

        /// <summary>Applies everything, in order.</summary>
        public void ApplyTo(ClusterBuilder builder, List<Diagnostic> diagnostics, List<SkippedObject> skipped)
        {
            Flush();
            foreach (var entry in entries)
            {
                switch (entry)
                {
                    case Diagnostic d: diagnostics.Add(d); break;
                    case SkippedObject o: skipped.Add(o); break;
                    case Namespace o: builder.Add(o); break;
                    case Pod o: builder.Add(o); break;
                    case WorkloadObject o: builder.Add(o); break;
                    case Service o: builder.Add(o); break;
                    case NetworkPolicy o: builder.Add(o); break;
                    case AdminPolicy o: builder.Add(o); break;
                    case Node o: builder.Add(o); break;
                    default: throw new InvalidOperationException($"a held list item was not released: {entry}");
                }
            }

            entries.Clear();
        }

        private void Keep(object entry)
        {
            Flush();
            entries.Add(entry);
        }

        private void Flush()
        {
            entries.AddRange(Diagnostics);
            Diagnostics.Clear();
        }

        private sealed record HeldItem(YamlNode Node);
    }

    /// <summary>
    /// Converts the items of a top-level list as the reader hands them over, into one batch per list. An item whose
    /// conversion does not depend on the list (it has its own kind and apiVersion) is converted at once and its tree
    /// dropped; the batch is used only if the document turns out to be a list whose items are that node. Documents the
    /// reader hands over whole (block YAML) are converted at once into <see cref="Documents"/>, so that only one
    /// document's tree is alive at a time: holding every tree of a large file until its end made garbage collection
    /// most of the reading time.
    /// </summary>
    private sealed class StreamedItems(FileReader reader, string file, IReadOnlyList<string> lines) : IListItemSink
    {
        private readonly Dictionary<YamlNode, Batch> lists = new(ReferenceEqualityComparer.Instance);
        private Batch? current;

        /// <summary>What the documents taken so far converted to, in order; moved to the file's output once it has been read.</summary>
        public Batch Documents { get; private set; } = new();

        /// <summary>How many documents were taken.</summary>
        public int Taken { get; private set; }

        /// <summary>True when a document taken looked like a Kubernetes object (a mapping with kind or metadata).</summary>
        public bool TookAnObject { get; private set; }

        public void BeginItems(YamlNode items)
        {
            current = new Batch();
            lists[items] = current;
        }

        public void Item(YamlNode item)
        {
            if (item.Kind == YamlNodeKind.Mapping && (item.GetString("kind") is null || item.GetString("apiVersion") is null))
            {
                current!.Hold(item);
                return;
            }

            reader.ReadObject(item, file, lines, impliedKind: null, current!, streamed: null);
        }

        public bool TakeDocument(YamlNode document)
        {
            Taken++;
            TookAnObject |= FileReader.LooksLikeObject(document);
            reader.ReadObject(document, file, lines, impliedKind: null, Documents, this);
            return true;
        }

        public Batch? For(YamlNode items) => lists.GetValueOrDefault(items);

        public void Clear()
        {
            lists.Clear();
            current = null;
            Documents = new();
            Taken = 0;
            TookAnObject = false;
        }
    }


    /// <summary>What <see cref="Load"/> reads, in order: a file, standard input, or diagnostics found on the way.</summary>
    private enum InputKind
    {
        File,
        Stdin,
        Reported,
    }

    /// <summary>One input of a load; <paramref name="Reported"/> is what was found while listing (a missing path, a folder not listed).</summary>
    private sealed record Input(InputKind Kind, string? Path, bool FoundInFolder, IReadOnlyList<Diagnostic> Reported)
    {
        /// <summary>What standard input held (already read), or null when it could not be read.</summary>
        public string? Text { get; init; }

        public static Input Report(Diagnostic diagnostic) => new(InputKind.Reported, null, FoundInFolder: false, [diagnostic]);
    }

    /// <summary>
    /// The state of one load: diagnostics, skipped objects and the cluster being built, from what the
    /// <see cref="FileReader"/>s produced, applied in input order on one thread.
    /// </summary>
    private sealed class Session(LoadOptions options)
    {
        private readonly ClusterBuilder builder = new();
        private readonly List<SkippedObject> skipped = [];
        private readonly List<Diagnostic> diagnostics = [];
        private readonly string? baseDirectory = options.BaseDirectory is null ? null : Path.GetFullPath(options.BaseDirectory);
        private int directlyConverted;
        private int declined;

        public LoadResult Finish()
        {
            var built = builder.Build();
            diagnostics.AddRange(built.Diagnostics);
            return new LoadResult(built.Value, [.. diagnostics], [.. skipped]) { DirectlyConverted = new(directlyConverted, declined) };
        }

        /// <summary>A path as diagnostics show it. Pure: called from any thread.</summary>
        public string Display(string path)
        {
            if (baseDirectory is not null)
            {
                var full = Path.GetFullPath(path);
                var relative = Path.GetRelativePath(baseDirectory, full);
                if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
                {
                    return relative.Replace('\\', '/');
                }
            }

            return path.Replace('\\', '/');
        }

        /// <summary>Reads and converts one input (on any thread); nothing of the session changes until <see cref="Apply"/>.</summary>
        public FileReader Read(Input input)
        {
            var reader = new FileReader(options, this);
            switch (input.Kind)
            {
                case InputKind.File:
                    reader.ReadFile(input.Path!, input.FoundInFolder);
                    break;
                case InputKind.Stdin:
                    reader.Report(input.Reported);
                    if (input.Text is { } text)
                    {
                        reader.ReadText(text, "<stdin>");
                    }

                    break;
                default:
                    reader.Report(input.Reported);
                    break;
            }

            return reader;
        }

        /// <summary>Applies what one input produced.</summary>
        public void Apply(FileReader read)
        {
            read.Output.ApplyTo(builder, diagnostics, skipped);
            directlyConverted += read.DirectlyConverted;
            declined += read.Declined;
        }
    }

    /// <summary>
    /// Reads and converts one input into a <see cref="Batch"/> (diagnostics, skipped objects and objects in input
    /// order) and counts the direct conversions. Touches no shared state, so inputs can be read on several threads.
    /// </summary>
    private sealed class FileReader(LoadOptions options, Session session)
    {
        /// <summary>Everything this input produced, in order.</summary>
        public Batch Output { get; } = new();

        /// <summary>Objects the direct conversion converted (counted in the batch, so what a declined reader converted is not counted).</summary>
        public int DirectlyConverted => Output.DirectlyConverted;

        /// <summary>Objects of its kinds the direct conversion left to the strict path.</summary>
        public int Declined => Output.Declined;

        public void Report(IEnumerable<Diagnostic> diagnostics) => Output.Diagnostics.AddRange(diagnostics);

        public void ReadFile(string path, bool foundInFolder = false)
        {
            var display = session.Display(path);
            if (InputFile.Read(path, display, options.MaxFileSize, Output.Diagnostics) is { } text)
            {
                ReadText(text, display, foundInFolder);
            }
        }

        public void ReadText(string text, string display, bool foundInFolder = false)
        {
            // JSON (kubectl get -o json) and block YAML take the fast readers; they hand anything unusual back to the
            // YAML reader (YamlDotNet).
            var fileDiagnostics = new List<Diagnostic>();
            var lines = new SourceLines(text);
            var streamed = options.StreamLists ? new StreamedItems(this, display, lines) : null;
            var documents = JsonTreeReader.LooksLikeJson(text)
                ? JsonTreeReader.TryRead(text, display, fileDiagnostics, streamed)
                : BlockYamlReader.TryRead(text, streamed);
            if (documents is null)
            {
                streamed?.Clear();
                documents = YamlReader.ReadDocuments(text, display, fileDiagnostics, streamed);
            }

            if (foundInFolder && IsNotAManifest(documents, streamed, fileDiagnostics))
            {
                // kustomization.yaml, a Helm chart's values.yaml and Chart.yaml sit beside manifests; named on the
                // command line, such a file is still an error.
                Output.Diagnostics.Add(DiagnosticCatalog.NotAManifest.Create(new SourceLocation(display, 1, 1),
                    "skipped: no document in this file is a Kubernetes object (none has a kind or metadata)",
                    "files found in a folder are read only when they hold Kubernetes objects; name the file to have it checked"));
                return;
            }

            Output.Diagnostics.AddRange(fileDiagnostics);

            // Documents the reader handed over are converted already, in order; the rest follow.
            streamed?.Documents.MoveTo(Output, held => ReadObject(held, display, lines, impliedKind: null, Output, streamed: null));
            foreach (var document in documents)
            {
                ReadObject(document, display, lines, impliedKind: null, Output, streamed);
            }
        }

        public void ReadObject(YamlNode node, string file, IReadOnlyList<string> lines, string? impliedKind, Batch output, StreamedItems? streamed)
        {
            var location = new SourceLocation(file, node.Line, node.Column);
            if (node.Kind != YamlNodeKind.Mapping)
            {
                output.Diagnostics.Add(DiagnosticCatalog.MissingKind.Create(location,
                    "a manifest document must be a mapping with apiVersion, kind and metadata",
                    "remove this document or write it as a Kubernetes object"));
                return;
            }

            var kindNode = node.Get("kind");
            if (kindNode is { Kind: not YamlNodeKind.Scalar })
            {
                output.Diagnostics.Add(DiagnosticCatalog.WrongType.Create(new SourceLocation(file, kindNode.Line, kindNode.Column),
                    "kind must be a string", "write the object's kind, such as kind: NetworkPolicy"));
                return;
            }

            var kind = node.GetString("kind") ?? impliedKind;
            if (string.IsNullOrEmpty(kind))
            {
                output.Diagnostics.Add(DiagnosticCatalog.MissingKind.Create(location,
                    "the object has no kind", "add kind: (for example kind: NetworkPolicy) and apiVersion:"));
                return;
            }

            if (kind == "List" || (kind.Length > 4 && kind.EndsWith("List", StringComparison.Ordinal) && node.Get("items") is not null))
            {
                ReadList(node, kind, file, lines, output, streamed);
                return;
            }

            var name = node.Get("metadata")?.GetString("name") ?? string.Empty;
            var apiVersion = node.GetString("apiVersion");
            if (!Readers.TryGetValue(kind, out var reader))
            {
                Skip(node, kind, name, apiVersion, location, output);
                return;
            }

            if (apiVersion is null)
            {
                if (impliedKind is null)
                {
                    output.Diagnostics.Add(DiagnosticCatalog.MissingField.Create(location, $"the {kind} has no apiVersion",
                        $"add apiVersion: {reader.ApiVersions[0]}"));
                }
            }
            else if (!reader.ApiVersions.Contains(apiVersion))
            {
                if (!reader.Groups.Contains(GroupOf(apiVersion)))
                {
                    // Same kind name in another API group (a Calico NetworkPolicy, a Knative Service): not ours.
                    Skip(node, kind, name, apiVersion, location, output);
                    return;
                }

                var at = node.Get("apiVersion")!;
                output.Diagnostics.Add(DiagnosticCatalog.UnsupportedApiVersion.Create(new SourceLocation(file, at.Line, at.Column),
                    $"{kind} {apiVersion} is not supported", $"use apiVersion: {reader.ApiVersions[0]}"));
                return;
            }

            var ignored = KindsWithIgnoredStatus.Contains(kind) ? IgnoredStatus : [];
            if (options.DirectConversion && DirectConverter.Handles(kind))
            {
                // The fast path takes only what it fully understands; anything else (and every diagnostic) is the strict path's.
                if (SchemaWriter.IsClean(node, reader.Model, ignored)
                    && DirectConverter.TryConvert(node, kind, file, lines, options.DefaultNamespace) is { } converted)
                {
                    output.Add(converted);
                    output.DirectlyConverted++;
                    return;
                }

                output.Declined++;
            }

            var json = SchemaWriter.Write(node, reader.Model, kind, file, output.Diagnostics, ignored, goZeroValues: true);
            var locator = new YamlSourceLocator(node, file, lines);
            try
            {
                reader.Read(json, options.DefaultNamespace, locator, output, output.Diagnostics);
            }
            catch (JsonException e)
            {
                // The schema check leaves out what the deserializer cannot take; this is a last resort
                // for values such as malformed timestamps.
                output.Diagnostics.Add(DiagnosticCatalog.WrongType.Create(location,
                    $"the {kind} has a value of the wrong format: {e.Message}", "see the Kubernetes API reference for this field's format"));
            }
            catch (FormatException e)
            {
                output.Diagnostics.Add(DiagnosticCatalog.WrongType.Create(location,
                    $"the {kind} has a value of the wrong format: {e.Message}", "see the Kubernetes API reference for this field's format"));
            }
        }

        /// <summary>True for a mapping with a kind or metadata: what a file found in a folder needs one of to be read.</summary>
        public static bool LooksLikeObject(YamlNode document) =>
            document.Kind == YamlNodeKind.Mapping && (document.Get("kind") is not null || document.Get("metadata") is not null);

        private static bool IsNotAManifest(List<YamlNode> documents, StreamedItems? streamed, List<Diagnostic> fileDiagnostics) =>
            documents.Count + (streamed?.Taken ?? 0) > 0
            && !fileDiagnostics.Any(d => d.Code == DiagnosticCatalog.MalformedInput.Code || d.Code == DiagnosticCatalog.NestingTooDeep.Code
                || d.Code == DiagnosticCatalog.AliasExpansion.Code || d.Code == DiagnosticCatalog.ScalarTooLong.Code)
            && streamed?.TookAnObject != true
            && !documents.Any(LooksLikeObject);

        /// <summary>Leaves out an object Palisade does not read; one that changes connectivity is warned about.</summary>
        private void Skip(YamlNode node, string kind, string name, string? apiVersion, SourceLocation location, Batch output)
        {
            var changesConnectivity = UnevaluatedKinds.Contains(apiVersion, kind);
            output.Add(new SkippedObject(kind, name, location) { ChangesConnectivity = changesConnectivity });
            if (!changesConnectivity)
            {
                return;
            }

            var ns = node.Get("metadata")?.GetString("namespace");
            var qualified = string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";
            output.Diagnostics.Add(DiagnosticCatalog.UnevaluatedPolicyKind.Create(
                options.Strict ? Severity.Error : Severity.Warning,
                location,
                $"{kind} {qualified} ({apiVersion}) changes which connections are allowed, but Palisade does not evaluate it: the verdicts ignore it",
                options.Strict
                    ? "Palisade's verdicts cover NetworkPolicy only; drop --strict to get them with this warning"
                    : "check what this object allows or denies yourself; --strict makes this an error"));
        }

        private void ReadList(YamlNode node, string kind, string file, IReadOnlyList<string> lines, Batch output, StreamedItems? streamed)
        {
            foreach (var (key, _) in node.Pairs)
            {
                if (key.Value is not ("apiVersion" or "kind" or "metadata" or "items"))
                {
                    var suggestion = Spelling.Closest(key.Value, ["apiVersion", "kind", "metadata", "items"]);
                    output.Diagnostics.Add(DiagnosticCatalog.UnknownField.Create(new SourceLocation(file, key.Line, key.Column),
                        $"unknown field '{key.Value}' in {kind}",
                        suggestion is not null ? $"did you mean '{suggestion}'?" : "a list has only apiVersion, kind, metadata and items"));
                }
            }

            var items = node.Get("items");
            if (items is null || items.IsNull)
            {
                return;
            }

            if (items.Kind != YamlNodeKind.Sequence)
            {
                output.Diagnostics.Add(DiagnosticCatalog.WrongType.Create(new SourceLocation(file, items.Line, items.Column),
                    $"{kind} items must be a list", "write items: as a list of objects"));
                return;
            }

            // Items of a typed list (PodList) may leave out their kind.
            var implied = kind == "List" ? null : kind[..^4];
            if (streamed?.For(items) is { } converted)
            {
                converted.MoveTo(output, held => ReadObject(held, file, lines, implied, output, streamed: null));
                return;
            }

            foreach (var item in items.Items)
            {
                ReadObject(item, file, lines, implied, output, streamed: null);
            }
        }
    }
}
