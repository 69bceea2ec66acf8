using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace SlaKpiDsl.Compiler.Emit.Sandbox;

/// <summary>
/// The sandbox check of a compiled evaluator assembly from its metadata alone (System.Reflection.Metadata, no Roslyn,
/// nothing loaded or run), made before every load: an entry read from the cache is checked even when its MAC verifies,
/// so code that was never inspected as C# cannot run. Checks, against the <see cref="SandboxPolicy"/>:
/// every referenced assembly and type (the outermost type of a nested one) and every member of the compiler's own
/// helper types (<see cref="CompilerInfrastructure"/>); every defined type's namespace; no module initializer, and a
/// static constructor only in a generated type, storing only its own type's static fields; no P/Invoke, native or
/// internal-call method, no security declarations, no pointer or function-pointer type in any signature, and no
/// unverifiable instruction (calli, jmp, localloc, cpblk, initblk, arglist, typed references, indirect loads and stores
/// through addresses). Invariant: <see cref="Inspect"/> returns no violation only for an IL-only assembly that passes all of these.
/// </summary>
public static class AssemblyMetadataInspector
{
    /// <summary>Types the C# compiler references or defines for code that names none of them, with the members it uses.</summary>
    private static readonly ImmutableDictionary<string, ImmutableHashSet<string>?> CompilerInfrastructure =
        new Dictionary<string, ImmutableHashSet<string>?>
        {
            // Attributes the compiler puts on the assembly, module, types and members (null: any member, i.e. the constructor).
            ["System.Runtime.CompilerServices.CompilationRelaxationsAttribute"] = null,
            ["System.Runtime.CompilerServices.RuntimeCompatibilityAttribute"] = null,
            ["System.Runtime.CompilerServices.CompilerGeneratedAttribute"] = null,
            ["System.Runtime.CompilerServices.NullableAttribute"] = null,
            ["System.Runtime.CompilerServices.NullableContextAttribute"] = null,
            ["System.Runtime.CompilerServices.RefSafetyRulesAttribute"] = null,
            ["System.Runtime.CompilerServices.IsReadOnlyAttribute"] = null,
            ["System.Runtime.CompilerServices.IsExternalInit"] = null,
            ["System.Runtime.CompilerServices.ExtensionAttribute"] = null,
            ["System.Diagnostics.DebuggableAttribute"] = null,
            ["System.Diagnostics.DebuggableAttribute/DebuggingModes"] = null,
            ["System.Diagnostics.DebuggerBrowsableAttribute"] = null,
            ["System.Diagnostics.DebuggerBrowsableState"] = null,
            ["System.Diagnostics.DebuggerHiddenAttribute"] = null,
            ["System.Diagnostics.DebuggerStepThroughAttribute"] = null,
            ["System.Reflection.DefaultMemberAttribute"] = null,
            ["System.AttributeUsageAttribute"] = null,
            ["System.AttributeTargets"] = null,
            ["System.Attribute"] = null,
            ["System.ValueType"] = null,
            ["System.Enum"] = null,
            ["System.MulticastDelegate"] = null,
            ["System.IntPtr"] = null,
            ["System.Diagnostics.DebuggerDisplayAttribute"] = null,
            ["System.IndexOutOfRangeException"] = null,
            // String interpolation, and collection expressions that wrap a fresh array.
            ["System.Runtime.CompilerServices.DefaultInterpolatedStringHandler"] = [".ctor", "AppendLiteral", "AppendFormatted", "ToStringAndClear"],
            ["System.Runtime.InteropServices.ImmutableCollectionsMarshal"] = ["AsImmutableArray"],
        }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>Top-level types the compiler defines itself outside the generated namespace (embedded attributes, data blobs).</summary>
    private static readonly ImmutableHashSet<string> CompilerDefinedTypes =
    [
        "<Module>", "<PrivateImplementationDetails>", "Microsoft.CodeAnalysis.EmbeddedAttribute",
        "System.Runtime.CompilerServices.NullableAttribute", "System.Runtime.CompilerServices.NullableContextAttribute",
        "System.Runtime.CompilerServices.RefSafetyRulesAttribute", "System.Runtime.CompilerServices.IsReadOnlyAttribute",
        "System.Runtime.CompilerServices.ScopedRefAttribute", "System.Runtime.CompilerServices.ParamCollectionAttribute",
    ];

    /// <summary>The assemblies generated code may reference (those it is compiled against).</summary>
    private static readonly ImmutableHashSet<string> AllowedAssemblies =
        ["System.Runtime", "System.Private.CoreLib", "System.Collections", "System.Collections.Immutable", "System.Linq", "NodaTime", "SlaKpiDsl.Runtime"];

    /// <summary>Every violation found (empty when the assembly may be loaded), at most <paramref name="limit"/>.</summary>
    public static IReadOnlyList<string> Inspect(byte[] assemblyBytes, SandboxPolicy? policy = null, int limit = 20)
    {
        ArgumentNullException.ThrowIfNull(assemblyBytes);
        policy ??= SandboxPolicy.Default;
        var violations = new List<string>();
        try
        {
            using var pe = new PEReader(ImmutableArray.Create(assemblyBytes));
            if (!pe.HasMetadata) return ["it has no metadata"];
            if ((pe.PEHeaders.CorHeader!.Flags & CorFlags.ILOnly) == 0) violations.Add("it is not IL-only (native code)");
            var md = pe.GetMetadataReader();
            if (!md.IsAssembly) violations.Add("it is not an assembly");
            new Walk(md, pe, policy, violations, limit).Run();
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException or ArgumentException)
        {
            violations.Add($"its metadata does not decode ({e.Message})");
        }
        return violations.Count > limit ? violations[..limit] : violations;
    }

    private sealed class Walk(MetadataReader md, PEReader pe, SandboxPolicy policy, List<string> violations, int limit)
    {
        private void Report(string violation)
        {
            if (violations.Count <= limit && !violations.Contains(violation)) violations.Add(violation);
        }

        public void Run()
        {
            foreach (var handle in md.AssemblyReferences)
            {
                var name = md.GetString(md.GetAssemblyReference(handle).Name);
                if (!AllowedAssemblies.Contains(name)) Report($"it references assembly '{name}'");
            }
            if (md.GetTableRowCount(TableIndex.ModuleRef) > 0) Report("it references native modules (P/Invoke)");
            if (md.GetTableRowCount(TableIndex.ImplMap) > 0) Report("it declares P/Invoke methods");
            if (md.DeclarativeSecurityAttributes.Count > 0) Report("it declares security permissions (unverifiable code)");
            foreach (var handle in md.TypeReferences) CheckTypeReference(handle);
            foreach (var handle in md.MemberReferences) CheckMemberReference(handle);
            foreach (var handle in md.TypeDefinitions) CheckTypeDefinition(handle);
            for (var row = 1; row <= md.GetTableRowCount(TableIndex.TypeSpec); row++)
                Signature(() => md.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row)).DecodeSignature(Pointers.Instance, null));
            for (var row = 1; row <= md.GetTableRowCount(TableIndex.MethodSpec); row++)
                Signature(() => md.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row)).DecodeSignature(Pointers.Instance, null));
            foreach (var handle in md.FieldDefinitions) Signature(() => md.GetFieldDefinition(handle).DecodeSignature(Pointers.Instance, null));
            for (var row = 1; row <= md.GetTableRowCount(TableIndex.StandAloneSig); row++)
            {
                var sig = md.GetStandaloneSignature(MetadataTokens.StandaloneSignatureHandle(row));
                if (sig.GetKind() == StandaloneSignatureKind.LocalVariables) Signature(() => sig.DecodeLocalSignature(Pointers.Instance, null));
                else Report("it declares a standalone method signature (calli)");
            }
        }

        private void Signature(Func<object> decode)
        {
            var pointer = decode() switch
            {
                bool type => type,
                ImmutableArray<bool> types => types.Contains(true),
                MethodSignature<bool> method => method.ReturnType || method.ParameterTypes.Contains(true),
                _ => false,
            };
            if (pointer) Report("it uses pointer or function-pointer types");
        }

        /// <summary>(namespace, metadata name) of the outermost type of a reference, and its full name with nesting ('/').</summary>
        private (string Namespace, string Name, string FullName)? Outermost(TypeReferenceHandle handle)
        {
            var reference = md.GetTypeReference(handle);
            var name = md.GetString(reference.Name);
            switch (reference.ResolutionScope.Kind)
            {
                case HandleKind.TypeReference:
                    if (Outermost((TypeReferenceHandle)reference.ResolutionScope) is not { } outer) return null;
                    return (outer.Namespace, outer.Name, outer.FullName + "/" + name);
                case HandleKind.AssemblyReference:
                    var ns = md.GetString(reference.Namespace);
                    return (ns, name, ns.Length == 0 ? name : ns + "." + name);
                default:
                    Report($"type reference '{name}' is not resolved through an assembly");
                    return null;
            }
        }

        private void CheckTypeReference(TypeReferenceHandle handle)
        {
            if (Outermost(handle) is not { } type) return;
            if (CompilerInfrastructure.ContainsKey(type.FullName)) return;
            if (!policy.IsTypeAllowed(type.Namespace, type.Name)) Report($"type '{type.FullName}' is not allowed");
        }

        private void CheckMemberReference(MemberReferenceHandle handle)
        {
            var member = md.GetMemberReference(handle);
            var name = md.GetString(member.Name);
            var parent = member.Parent;
            if (parent.Kind == HandleKind.TypeSpecification) parent = GenericTypeOf((TypeSpecificationHandle)parent);
            if (parent.Kind == HandleKind.TypeReference && Outermost((TypeReferenceHandle)parent) is { } type
                && CompilerInfrastructure.TryGetValue(type.FullName, out var members) && members is not null && !members.Contains(name))
                Report($"member '{type.FullName}.{name}' is not allowed");
            else if (parent.Kind is HandleKind.ModuleReference) Report($"member '{name}' of a native module is not allowed");
            if (member.GetKind() == MemberReferenceKind.Method)
                Signature(() => member.DecodeMethodSignature(Pointers.Instance, null));
            else
                Signature(() => member.DecodeFieldSignature(Pointers.Instance, null));
        }

        private EntityHandle GenericTypeOf(TypeSpecificationHandle handle)
        {
            var blob = md.GetBlobReader(md.GetTypeSpecification(handle).Signature);
            if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance) return default;
            blob.ReadSignatureTypeCode(); // class or value type
            return blob.ReadTypeHandle();
        }

        private void CheckTypeDefinition(TypeDefinitionHandle handle)
        {
            var type = md.GetTypeDefinition(handle);
            var name = md.GetString(type.Name);
            var declaring = handle;
            while (md.GetTypeDefinition(declaring).GetDeclaringType() is { IsNil: false } outer) declaring = outer;
            var top = md.GetTypeDefinition(declaring);
            var ns = md.GetString(top.Namespace);
            var topName = ns.Length == 0 ? md.GetString(top.Name) : ns + "." + md.GetString(top.Name);
            var generated = policy.IsGeneratedNamespace(ns);
            // Names in angle brackets cannot be written in C#: the compiler's own (collection-expression lists, closures).
            var compilerNamed = ns.Length == 0 && topName.StartsWith("<>", StringComparison.Ordinal);
            if (!generated && !compilerNamed && !CompilerDefinedTypes.Contains(topName)) Report($"type '{topName}' is declared outside '{policy.GeneratedNamespace}'");
            foreach (var methodHandle in type.GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                var methodName = md.GetString(method.Name);
                Signature(() => method.DecodeSignature(Pointers.Instance, null));
                if ((method.Attributes & MethodAttributes.PinvokeImpl) != 0) Report($"method '{name}.{methodName}' is a P/Invoke");
                var implementation = method.ImplAttributes;
                var isDelegateRuntime = (implementation & MethodImplAttributes.CodeTypeMask) == MethodImplAttributes.Runtime && IsDelegate(type);
                if ((implementation & MethodImplAttributes.CodeTypeMask) != MethodImplAttributes.IL && !isDelegateRuntime)
                    Report($"method '{name}.{methodName}' is not IL");
                if ((implementation & (MethodImplAttributes.InternalCall | MethodImplAttributes.Unmanaged)) != 0)
                    Report($"method '{name}.{methodName}' is an internal or unmanaged call");
                if (methodName == ".cctor")
                {
                    if (topName == "<Module>") Report("it has a module initializer");
                    else if (!generated && !compilerNamed) Report($"type '{topName}' has a static constructor");
                }
                if (method.RelativeVirtualAddress != 0) CheckBody(handle, name, methodName, pe.GetMethodBody(method.RelativeVirtualAddress), methodName == ".cctor");
            }
        }

        private bool IsDelegate(TypeDefinition type) =>
            type.BaseType.Kind == HandleKind.TypeReference
            && md.GetTypeReference((TypeReferenceHandle)type.BaseType) is var b
            && md.GetString(b.Namespace) == "System" && md.GetString(b.Name) == "MulticastDelegate";

        private void CheckBody(TypeDefinitionHandle owner, string typeName, string methodName, MethodBodyBlock body, bool staticConstructor)
        {
            var il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                var opCode = ReadOpCode(ref il);
                if (!Enum.IsDefined(opCode))
                {
                    // An instruction this reader does not know (the no. prefix, a reserved code) would put the scan out of step.
                    Report($"method '{typeName}.{methodName}' uses an unknown instruction 0x{(int)opCode:X}");
                    return;
                }
                if (Forbidden(opCode)) Report($"method '{typeName}.{methodName}' uses the unverifiable instruction {opCode}");
                if (staticConstructor && opCode == ILOpCode.Stsfld)
                {
                    var token = MetadataTokens.EntityHandle(il.ReadInt32());
                    if (token.Kind != HandleKind.FieldDefinition || md.GetFieldDefinition((FieldDefinitionHandle)token).GetDeclaringType() != owner)
                        Report($"the static constructor of '{typeName}' stores into another type's field");
                    continue;
                }
                SkipOperand(ref il, opCode);
            }
        }
    }

    private static bool Forbidden(ILOpCode opCode) => opCode is ILOpCode.Calli or ILOpCode.Jmp or ILOpCode.Localloc or ILOpCode.Cpblk
        or ILOpCode.Initblk or ILOpCode.Arglist or ILOpCode.Mkrefany or ILOpCode.Refanyval or ILOpCode.Refanytype
        or ILOpCode.Ldind_i or ILOpCode.Stind_i or ILOpCode.Ldind_i1 or ILOpCode.Ldind_i2 or ILOpCode.Ldind_i4 or ILOpCode.Ldind_i8
        or ILOpCode.Ldind_u1 or ILOpCode.Ldind_u2 or ILOpCode.Ldind_u4 or ILOpCode.Ldind_r4 or ILOpCode.Ldind_r8 or ILOpCode.Ldind_ref
        or ILOpCode.Stind_i1 or ILOpCode.Stind_i2 or ILOpCode.Stind_i4 or ILOpCode.Stind_i8 or ILOpCode.Stind_r4 or ILOpCode.Stind_r8
        or ILOpCode.Stind_ref or ILOpCode.Cpobj;

    private static ILOpCode ReadOpCode(ref BlobReader il)
    {
        var first = il.ReadByte();
        return first == 0xFE ? (ILOpCode)(0xFE00 | il.ReadByte()) : (ILOpCode)first;
    }

    private static void SkipOperand(ref BlobReader il, ILOpCode opCode)
    {
        if (opCode == ILOpCode.Switch)
        {
            var count = il.ReadInt32();
            il.Offset += 4 * count;
            return;
        }
        il.Offset += OperandSize(opCode);
    }

    private static int OperandSize(ILOpCode opCode)
    {
        if (opCode.IsBranch()) return opCode.GetBranchOperandSize();
        return opCode switch
        {
            ILOpCode.Ldarg_s or ILOpCode.Ldarga_s or ILOpCode.Starg_s or ILOpCode.Ldloc_s or ILOpCode.Ldloca_s or ILOpCode.Stloc_s
                or ILOpCode.Ldc_i4_s or ILOpCode.Unaligned => 1,
            ILOpCode.Ldarg or ILOpCode.Ldarga or ILOpCode.Starg or ILOpCode.Ldloc or ILOpCode.Ldloca or ILOpCode.Stloc => 2,
            ILOpCode.Ldc_i4 or ILOpCode.Ldc_r4 or ILOpCode.Jmp or ILOpCode.Call or ILOpCode.Calli or ILOpCode.Callvirt or ILOpCode.Newobj
                or ILOpCode.Ldftn or ILOpCode.Ldvirtftn or ILOpCode.Ldstr or ILOpCode.Ldfld or ILOpCode.Ldflda or ILOpCode.Stfld
                or ILOpCode.Ldsfld or ILOpCode.Ldsflda or ILOpCode.Stsfld or ILOpCode.Ldtoken or ILOpCode.Box or ILOpCode.Unbox
                or ILOpCode.Unbox_any or ILOpCode.Castclass or ILOpCode.Isinst or ILOpCode.Newarr or ILOpCode.Ldelema
                or ILOpCode.Ldelem or ILOpCode.Stelem or ILOpCode.Ldobj or ILOpCode.Stobj or ILOpCode.Cpobj or ILOpCode.Initobj
                or ILOpCode.Mkrefany or ILOpCode.Refanyval or ILOpCode.Sizeof or ILOpCode.Constrained => 4,
            ILOpCode.Ldc_i8 or ILOpCode.Ldc_r8 => 8,
            _ => 0,
        };
    }

    /// <summary>Decodes a signature to "does it mention a pointer or function pointer anywhere".</summary>
    private sealed class Pointers : ISignatureTypeProvider<bool, object?>
    {
        public static readonly Pointers Instance = new();
        public bool GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode is PrimitiveTypeCode.TypedReference;
        public bool GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => false;
        public bool GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => false;
        public bool GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) => false;
        public bool GetSZArrayType(bool elementType) => elementType;
        public bool GetArrayType(bool elementType, ArrayShape shape) => elementType;
        public bool GetByReferenceType(bool elementType) => elementType;
        public bool GetPointerType(bool elementType) => true;
        public bool GetFunctionPointerType(MethodSignature<bool> signature) => true;
        public bool GetGenericInstantiation(bool genericType, ImmutableArray<bool> typeArguments) => genericType || typeArguments.Contains(true);
        public bool GetGenericMethodParameter(object? genericContext, int index) => false;
        public bool GetGenericTypeParameter(object? genericContext, int index) => false;
        public bool GetModifiedType(bool modifier, bool unmodifiedType, bool isRequired) => unmodifiedType;
        public bool GetPinnedType(bool elementType) => true;
    }
}
