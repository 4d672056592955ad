namespace Palisade.Manifests.Yaml;

/// <summary>
/// Receives the items of a document's top-level <c>items</c> list one at a time, as soon as each is read, instead of
/// finding them in the tree: a <c>List</c> (<c>kubectl get -o json</c>) is then converted item by item and its whole
/// tree is never held. The reader leaves the list's node in the tree, empty, so that it can be recognised.
/// </summary>
internal interface IListItemSink
{
    /// <summary>A top-level <c>items</c> list starts; <paramref name="items"/> is the (empty) node left in the tree.</summary>
    void BeginItems(YamlNode items);

    /// <summary>The next item of the list begun last, complete.</summary>
    void Item(YamlNode item);

    /// <summary>
    /// A top-level document, complete (its streamed items already handed over). True when the sink has taken it: the
    /// reader then keeps nothing of it, so a file of many documents is never held as trees all at once. Readers that
    /// return every document (JSON, YamlDotNet) do not call it.
    /// </summary>
    bool TakeDocument(YamlNode document);
}
