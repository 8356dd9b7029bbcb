import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;

/** TCP capitalize server: one thread per client. Usage: ./server PORT */
public class Server {
  public static void main(String[] args) throws IOException {
    ServerSocket welcomeSocket = new ServerSocket(Integer.parseInt(args[0]));
    System.out.println("The server is ready to receive on port " + args[0]);
    while (true) {
      Socket connectionSocket = welcomeSocket.accept();
      new Thread(() -> serve(connectionSocket)).start();
    }
  }

  /** Answers every line of one client, upper-cased, until the client closes. */
  static void serve(Socket connectionSocket) {
    try (connectionSocket) {
      BufferedReader inFromClient =
          new BufferedReader(new InputStreamReader(connectionSocket.getInputStream()));
      DataOutputStream outToClient = new DataOutputStream(connectionSocket.getOutputStream());
      String clientSentence;
      while ((clientSentence = inFromClient.readLine()) != null) {
        outToClient.writeBytes(clientSentence.toUpperCase() + '\n');
      }
    } catch (IOException e) {
      System.err.println("Server: " + e.getMessage());
    }
  }
}
