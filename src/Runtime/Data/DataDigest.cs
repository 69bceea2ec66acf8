using System.Security.Cryptography;
using System.Text;

namespace SlaKpiDsl.Runtime.Data;

/// <summary>
/// The SHA-256 of a data directory as the loader read it (docs/reports.md, the statement footer): the data files in
/// name order, each as <c>name\nlength\n</c> followed by its bytes. The loader appends each file's bytes as it reads
/// them for parsing (<see cref="HashingReadStream"/> for the streaming readers, the chunk loop of the parallel CSV
/// reader), so the hash is of exactly the bytes parsed, never of a second read. A parse that may be abandoned (the
/// parallel reader falls back to the streaming one) works on a <see cref="Fork"/> that is <see cref="Adopt"/>ed only
/// when it answered. Not thread-safe: one digest per load, appended from one thread.
/// </summary>
internal sealed class DataDigest : IDisposable
{
    private IncrementalHash _hash;

    public DataDigest() : this(IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
    {
    }

    private DataDigest(IncrementalHash hash) => _hash = hash;

    /// <summary>Starts a file: its name (no folder) and the length its bytes will have.</summary>
    public void BeginFile(string path, long length) => _hash.AppendData(Encoding.UTF8.GetBytes($"{Path.GetFileName(path)}\n{length}\n"));

    public void Append(ReadOnlySpan<byte> bytes) => _hash.AppendData(bytes);

    /// <summary>A copy of the state so far, to append an attempt to.</summary>
    public DataDigest Fork() => new(_hash.Clone());

    /// <summary>Takes over <paramref name="fork"/>'s state (the attempt answered).</summary>
    public void Adopt(DataDigest fork)
    {
        _hash.Dispose();
        _hash = fork._hash;
        fork._hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    }

    /// <summary>The lower-case hex SHA-256 of everything appended.</summary>
    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();
}

/// <summary>
/// A read-only stream over a data file that appends every byte read to a <see cref="DataDigest"/>. The length hashed
/// is the file's length when opened; <see cref="Complete"/> reads what the parser left unread (through the digest)
/// and throws when the bytes read differ from that length (the file changed while it was read). It does not own the
/// file: a parser may dispose this stream before <see cref="Complete"/>; the caller disposes the file.
/// </summary>
internal sealed class HashingReadStream : Stream
{
    private readonly FileStream _file;
    private readonly DataDigest _digest;
    private readonly long _length;
    private long _read;

    public HashingReadStream(FileStream file, DataDigest digest)
    {
        _file = file;
        _digest = digest;
        _length = file.Length;
        digest.BeginFile(file.Name, _length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = _file.Read(buffer);
        _digest.Append(buffer[..n]);
        _read += n;
        return n;
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    /// <summary>Reads the rest of the file into the digest; throws an <see cref="IOException"/> when its length changed while it was read.</summary>
    public void Complete()
    {
        var rest = new byte[64 * 1024];
        while (Read(rest) > 0)
        {
        }
        if (_read != _length)
            throw new IOException($"{_file.Name} changed while it was read ({_length} bytes when opened, {_read} read).");
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
