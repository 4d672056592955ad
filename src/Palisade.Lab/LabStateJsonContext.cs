using System.Text.Json.Serialization;

namespace Palisade.Lab;

/// <summary>
/// Compile-time JSON metadata for the lab state file: no reflection at run time, so the state file reads and writes
/// the same way in a trimmed or NativeAOT binary. Enums are written by name, as before.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(LabState))]
internal sealed partial class LabStateJsonContext : JsonSerializerContext;
