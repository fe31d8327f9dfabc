/**
 * Just enough of the ONNX protobuf format to write a small model by hand, so the
 * project can make its own test model without Python or a download. Field
 * numbers are those of onnx/onnx.proto (ModelProto, GraphProto, NodeProto,
 * TensorProto, ValueInfoProto, TypeProto); only what `makeTinyModel.ts` uses.
 */

/** A protobuf message being written: fields in the order they are added. */
class Message {
  private readonly parts: Uint8Array[] = [];

  varint(field: number, value: number | bigint): this {
    this.parts.push(encodeVarint((BigInt(field) << 3n) | 0n), encodeVarint(BigInt(value)));
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.parts.push(encodeVarint((BigInt(field) << 3n) | 2n), encodeVarint(BigInt(value.length)), value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, value: Message): this {
    return this.bytes(field, value.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of this.parts) (out.set(part, at), (at += part.length));
    return out;
  }
}

function encodeVarint(value: bigint): Uint8Array {
  if (value < 0n) value += 1n << 64n; // negative int64 values are written as ten-byte varints
  const bytes: number[] = [];
  do {
    let byte = Number(value & 0x7fn);
    value >>= 7n;
    if (value > 0n) byte |= 0x80;
    bytes.push(byte);
  } while (value > 0n);
  return Uint8Array.from(bytes);
}

/** TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, INT64: 7 } as const;
type DataTypeValue = (typeof DataType)[keyof typeof DataType];

/** A named initializer (a constant tensor in the graph). */
export interface Tensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly type: DataTypeValue;
  /** Little-endian raw bytes (float32 or int64). */
  readonly raw: Uint8Array;
}

export function floatTensor(name: string, dims: readonly number[], values: Float32Array): Tensor {
  return { name, dims, type: DataType.FLOAT, raw: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) };
}

export function int64Tensor(name: string, dims: readonly number[], values: readonly number[]): Tensor {
  const data = new BigInt64Array(values.map((v) => BigInt(v)));
  return { name, dims, type: DataType.INT64, raw: new Uint8Array(data.buffer) };
}

/** A graph input or output: element type and shape, with names for the dynamic dimensions. */
export interface ValueInfo {
  readonly name: string;
  readonly type: DataTypeValue;
  readonly shape: readonly (number | string)[];
}

export interface Node {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name: string;
  /** Integer and integer-list attributes (all this model needs). */
  readonly attributes?: Readonly<Record<string, number | readonly number[]>>;
}

export interface Graph {
  readonly name: string;
  readonly nodes: readonly Node[];
  readonly initializers: readonly Tensor[];
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
}

const ATTRIBUTE_INT = 2;
const ATTRIBUTE_INTS = 7;

function tensorProto(tensor: Tensor): Message {
  const m = new Message();
  for (const dim of tensor.dims) m.varint(1, dim);
  return m.varint(2, tensor.type).string(8, tensor.name).bytes(9, tensor.raw);
}

function valueInfoProto(info: ValueInfo): Message {
  const shape = new Message();
  for (const dim of info.shape) shape.message(1, typeof dim === 'number' ? new Message().varint(1, dim) : new Message().string(2, dim));
  const tensorType = new Message().varint(1, info.type).message(2, shape);
  return new Message().string(1, info.name).message(2, new Message().message(1, tensorType));
}

function nodeProto(node: Node): Message {
  const m = new Message();
  for (const input of node.inputs) m.string(1, input);
  for (const output of node.outputs) m.string(2, output);
  m.string(3, node.name).string(4, node.op);
  for (const [name, value] of Object.entries(node.attributes ?? {})) {
    const attribute = new Message().string(1, name);
    if (typeof value === 'number') attribute.varint(3, value).varint(20, ATTRIBUTE_INT);
    else {
      for (const v of value) attribute.varint(8, v);
      attribute.varint(20, ATTRIBUTE_INTS);
    }
    m.message(5, attribute);
  }
  return m;
}

/** A whole model file: IR version 8, the default operator set at `opset`. */
export function modelBytes(graph: Graph, options: { opset: number; producer: string }): Uint8Array {
  const g = new Message();
  for (const node of graph.nodes) g.message(1, nodeProto(node));
  g.string(2, graph.name);
  for (const tensor of graph.initializers) g.message(5, tensorProto(tensor));
  for (const input of graph.inputs) g.message(11, valueInfoProto(input));
  for (const output of graph.outputs) g.message(12, valueInfoProto(output));
  return new Message()
    .varint(1, 8)
    .string(2, options.producer)
    .message(7, g)
    .message(8, new Message().string(1, '').varint(2, options.opset))
    .finish();
}
