using System.Text.Json;

namespace Plankton.Cli.Tests.Commands;

public sealed class ImageCommandTests : StoreFixture
{
    [Test]
    public async Task Update_ChangesWhatIsNamed_AndLeavesTheRest()
    {
        string id = await PutAsync(RandomBytes(100), "before", "--property", "a=1", "--property", "b=2", "--tag", "t1", "--tag", "t2");

        CliRun run = await RunAsync("update", id, "--name", "after", "--disk-format", "ntfsdump", "--container-format", "ami", "--visibility", "shared",
            "--protected", "--property", "c=3", "--property", "a=10", "--remove-property", "b", "--tag", "t3", "--remove-tag", "t1",
            "--min-disk", "4", "--min-ram", "256", "--json");

        JsonElement image = Json(run);
        image.GetProperty("name").GetString().Should().Be("after");
        image.GetProperty("disk_format").GetString().Should().Be("ntfsdump");
        image.GetProperty("container_format").GetString().Should().Be("ami");
        image.GetProperty("visibility").GetString().Should().Be("shared");
        image.GetProperty("protected").GetBoolean().Should().BeTrue();
        image.GetProperty("properties").EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}").Should().Equal("a=10", "c=3");
        image.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).Should().Equal("t2", "t3");
        image.GetProperty("min_disk").GetInt64().Should().Be(4);
        image.GetProperty("min_ram").GetInt64().Should().Be(256);
        image.GetProperty("size").GetInt64().Should().Be(100);

        JsonElement shown = Json(await RunAsync("show", id, "--json"));
        shown.GetProperty("name").GetString().Should().Be("after");
    }

    [Test]
    public async Task Update_ProtectedFalse_RemovesTheProtection()
    {
        string id = await PutAsync(RandomBytes(10), "p", "--protected");

        JsonElement image = Json(await RunAsync("update", id, "--protected", "false", "--json"));

        image.GetProperty("protected").GetBoolean().Should().BeFalse();
    }

    [Test]
    public async Task Update_InvalidDiskFormat_IsInvalidInputNamingTheField_AndChangesNothing()
    {
        string id = await PutAsync(RandomBytes(10), "keep");

        CliRun run = await RunAsync("update", id, "--disk-format", "qcow9", "--name", "changed");

        run.ExitCode.Should().Be(5);
        run.Error.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().Contain("disk_format");
        Json(await RunAsync("show", id, "--json")).GetProperty("name").GetString().Should().Be("keep");
    }

    [Test]
    public async Task Delete_MarksTheImageDeleted_AndItsDataCanNoLongerBeRead()
    {
        string id = await PutAsync(RandomBytes(10));

        CliRun delete = await RunAsync("delete", id);

        delete.ExitCode.Should().Be(0, delete.Error);
        delete.Output.Should().StartWith($"deleted {id}");
        JsonElement image = Json(await RunAsync("show", id, "--json"));
        image.GetProperty("status").GetString().Should().Be("deleted");
        image.GetProperty("deleted_at").ValueKind.Should().Be(JsonValueKind.String);
        (await RunAsync("download", id, "-o", Path.Combine(Folder, "d.bin"))).ExitCode.Should().Be(7);
    }

    [Test]
    public async Task Delete_Json_PrintsTheDeletedImage()
    {
        string id = await PutAsync(RandomBytes(10));

        JsonElement image = Json(await RunAsync("delete", id, "--json"));

        image.GetProperty("status").GetString().Should().Be("deleted");
    }

    [Test]
    public async Task Delete_Protected_IsAConflict_AndTheImageStays()
    {
        string id = await PutAsync(RandomBytes(10), "kept", "--protected");

        CliRun run = await RunAsync("delete", id);

        run.ExitCode.Should().Be(7);
        run.Error.Should().Contain("protected");
        Json(await RunAsync("show", id, "--json")).GetProperty("status").GetString().Should().Be("active");
    }

    [Test]
    public async Task Unregister_ThenShow_IsNotFound()
    {
        string id = await PutAsync(RandomBytes(10));

        CliRun run = await RunAsync("unregister", id);

        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Should().StartWith($"unregistered {id}");
        (await RunAsync("show", id)).ExitCode.Should().Be(3);
    }

    [Test]
    public async Task Unregister_Json_PrintsTheId()
    {
        string id = await PutAsync(RandomBytes(10));

        JsonElement result = Json(await RunAsync("unregister", id, "--json"));

        result.GetProperty("id").GetString().Should().Be(id);
        result.GetProperty("unregistered").GetBoolean().Should().BeTrue();
    }

    [Test]
    public async Task Unregister_Protected_IsAConflict()
    {
        string id = await PutAsync(RandomBytes(10), "kept", "--protected");

        (await RunAsync("unregister", id)).ExitCode.Should().Be(7);
    }

    [Test]
    public async Task DeactivateThenReactivate_SwitchStatus()
    {
        string id = await PutAsync(RandomBytes(10));

        Json(await RunAsync("deactivate", id, "--json")).GetProperty("status").GetString().Should().Be("deactivated");
        Json(await RunAsync("reactivate", id, "--json")).GetProperty("status").GetString().Should().Be("active");
    }

    [Test]
    public async Task Show_AnotherUsersPrivateImage_IsNotFoundSoIdsDoNotLeak()
    {
        string id = await PutAsync(RandomBytes(10));

        CliRun run = await CliRun.RunAsync("show", id, "--store", Store, "--user", "mallory");

        run.ExitCode.Should().Be(3);
        run.Error.Should().StartWith("plankton: ");
    }

    [Test]
    public async Task Update_SharedImageByMember_IsNotAllowed()
    {
        string id = await PutAsync(RandomBytes(10));
        (await RunAsync("update", id, "--visibility", "public")).ExitCode.Should().Be(0);

        CliRun run = await CliRun.RunAsync("update", id, "--name", "taken", "--store", Store, "--user", "mallory");

        run.ExitCode.Should().Be(4, "a public image is visible to others but only its owner may change it");
    }

    [Test]
    public async Task Show_UnknownId_IsNotFound_WithOneLineAndNothingOnStdout()
    {
        CliRun run = await RunAsync("show", Guid.NewGuid().ToString(), "--json");

        run.ExitCode.Should().Be(3);
        run.Output.Should().BeEmpty();
        run.Error.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().StartWith("plankton: ");
    }

    [Test]
    public async Task Show_MalformedId_IsInvalidInput()
    {
        CliRun run = await RunAsync("show", "not-a-uuid");

        run.ExitCode.Should().Be(5);
        run.Error.Should().Contain("not-a-uuid");
    }

    [Test]
    public async Task Show_Verbose_PrintsTheException()
    {
        CliRun run = await RunAsync("show", Guid.NewGuid().ToString(), "--verbose");

        run.ExitCode.Should().Be(3);
        run.Error.Should().Contain("ImageNotFoundException");
    }

    [TestCase("put")]
    [TestCase("register")]
    public async Task Create_WithoutName_IsUsage(string command)
    {
        CliRun run = await RunAsync(command, "pithos://alice/images/x");

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("--name");
    }

    [TestCase("--visibility", "everyone")]
    [TestCase("--property", "novalue")]
    [TestCase("--min-disk", "lots")]
    public async Task Put_BadOptionValue_IsUsageNamingTheOption(string option, string value)
    {
        CliRun run = await RunAsync("put", WriteFile([1]), "--name", "n", option, value);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain(value);
    }

    [Test]
    public async Task Put_PublicAndPrivate_IsUsage()
    {
        CliRun run = await RunAsync("put", WriteFile([1]), "--name", "n", "--public", "--visibility", "private");

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("--public");
    }

    [Test]
    public async Task Put_MissingFile_IsNotFound()
    {
        CliRun run = await RunAsync("put", Path.Combine(Folder, "missing.img"), "--name", "n");

        run.ExitCode.Should().Be(3);
        run.Error.Should().Contain("missing.img");
    }

    [Test]
    public async Task Put_InvalidDiskFormat_IsInvalidInputNamingTheField()
    {
        CliRun run = await RunAsync("put", WriteFile([1]), "--name", "n", "--disk-format", "vmdk");

        run.ExitCode.Should().Be(5);
        run.Error.Should().Contain("disk_format");
    }

    [Test]
    public async Task Put_EmptyPropertyValue_IsInvalidInput()
    {
        CliRun run = await RunAsync("put", WriteFile([1]), "--name", "n", "--property", "k=");

        run.ExitCode.Should().Be(5);
    }

    [Test]
    public async Task Put_CancelledMidUpload_Exits130_AndLeavesNoImage()
    {
        using var cancel = new CancellationTokenSource();
        using var input = new CancellingStream(12 * 1024 * 1024, cancelAfter: 5 * 1024 * 1024, cancel);

        int code;
        using (var output = new StringWriter())
        using (var error = new StringWriter())
        {
            code = await CliApp.RunAsync(["put", "-", "--name", "interrupted", "--store", Store, "--user", User, "--quiet"], output, error, input, null, cancel.Token);
            output.ToString().Should().BeEmpty();
            error.ToString().Trim().Should().Be("plankton: cancelled");
        }

        code.Should().Be(130);
        CliRun again = await RunAsync("put", WriteFile([1, 2, 3]), "--name", "interrupted", "--quiet");
        again.ExitCode.Should().Be(0, "the cancelled upload removed its image, so its path is free: " + again.Error);
    }

    /// <summary>Standard input of a given length that cancels a token once some bytes were read.</summary>
    private sealed class CancellingStream(long length, long cancelAfter, CancellationTokenSource cancel) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = (int)Math.Min(buffer.Length, length - _position);
            buffer[..n].Fill(0x5a);
            _position += n;
            if (_position >= cancelAfter)
            {
                cancel.Cancel();
            }

            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
