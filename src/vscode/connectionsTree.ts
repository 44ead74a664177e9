// The Connections view: the pure ConnectionsModel (src/playground/connectionsModel.ts), rendered.
import * as vscode from 'vscode';
import { ConnectionsModel, type ConnectionNode, type Playground } from '../playground';
import { toTreeItem } from './treeItem';

export class ConnectionsTreeProvider implements vscode.TreeDataProvider<ConnectionNode>, vscode.Disposable {
  readonly model: ConnectionsModel;
  private readonly emitter = new vscode.EventEmitter<ConnectionNode | ConnectionNode[] | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly sub: { dispose(): void };

  constructor(playground: Playground, intervalMs = 250) {
    this.model = new ConnectionsModel(playground, intervalMs);
    this.sub = this.model.onDidChange((c) => this.emitter.fire(c));
  }

  flushNow(): void {
    this.model.flushNow();
  }
  /** Connections shown (the playground's own admin connection is hidden). */
  connections(): ReturnType<ConnectionsModel['connections']> {
    return this.model.connections();
  }
  setVisible(visible: boolean): void {
    this.model.setVisible(visible);
  }
  getChildren(node?: ConnectionNode): ConnectionNode[] {
    return this.model.children(node);
  }
  getParent(node: ConnectionNode): ConnectionNode | undefined {
    return this.model.parent(node);
  }
  getTreeItem(node: ConnectionNode): vscode.TreeItem {
    return toTreeItem(this.model.view(node));
  }

  dispose(): void {
    this.sub.dispose();
    this.model.dispose();
    this.emitter.dispose();
  }
}
