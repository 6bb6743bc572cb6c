import {
  OperationNodeTransformer,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type ValueNode,
} from "kysely";

// PostgreSQL's text cannot hold the NUL character (U+0000), which SQLite stores as it comes; a NUL
// typed into a form is never meant, so it is dropped from every string the app sends to PostgreSQL
// instead of failing the whole write ("invalid byte sequence for encoding UTF8: 0x00").

const NUL = /\u0000/g;

const clean = (value: unknown): unknown => (typeof value === "string" && value.includes("\u0000") ? value.replace(NUL, "") : value);

class DropNul extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    const value = clean(node.value);
    return value === node.value ? super.transformValue(node) : { ...node, value };
  }

  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    return node.values.some((v) => typeof v === "string" && v.includes("\u0000")) ? { ...node, values: node.values.map(clean) } : super.transformPrimitiveValueList(node);
  }
}

/** The Kysely plugin of createPostgresDb: drops NUL characters from string parameters. */
export class DropNulPlugin implements KyselyPlugin {
  readonly #transformer = new DropNul();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
