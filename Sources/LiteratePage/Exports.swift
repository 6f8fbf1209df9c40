// Every page sees the Softmax library without importing it, as it sees this module.
@_exported import Softmax
